// A stand-in agent for client tests, run as its own process (the client blocks its thread while
// it waits, so the server cannot live in the test's process). It serves a real socket and token
// in the runtime folder, answers `hello` as an unlocked agent would, and answers every later
// request as the scenario says. Prints "serving" on stdout once it listens.
// Usage: node test/support/fake-agent.ts SOCKET TOKEN_FILE SCENARIO
import fs from 'node:fs';
import net from 'node:net';
import { FrameReader, encodeFrame } from '../../electron/agent/wire.ts';

const [socketPath, tokenFile, scenario] = process.argv.slice(2) as [string, string, string];
const token = 'ab'.repeat(32);
fs.writeFileSync(tokenFile, token, { mode: 0o600 });

const status = { state: 'unlocked', server: 'agent', pid: process.pid, vaultPath: '/fake', vaultId: 'fake', unlockedAt: null, expiresAt: null, idleLockSeconds: null };

/** The raw body of the answer to a request after hello, for each scenario. */
const answers: Record<string, () => Buffer> = {
  // A record whose id is a number: the client's schema must refuse it.
  'bad-record': () => encodeFrame({ ok: true, value: { id: 5, status: 'active', trashedAt: null, expiresAt: null } }),
  // An error code that does not exist.
  'bad-error': () => encodeFrame({ ok: false, error: { code: 'NOT_A_CODE', message: 'made up' } }),
  // Not JSON at all.
  'not-json': () => {
    const body = Buffer.from('{{{ not json', 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    return Buffer.concat([head, body]);
  },
  // A refusal, as the desktop app sends when its user denies.
  refusal: () => encodeFrame({ ok: false, error: { code: 'DENIED', message: 'Access to stripe/prod refused by the user.' } }),
};

const server = net.createServer((socket) => {
  const reader = new FrameReader(1024 * 1024);
  let helloDone = false;
  socket.on('data', (chunk) => {
    for (const body of reader.push(chunk)) {
      const request = JSON.parse(body.toString('utf8')) as { type: string; token?: string };
      if (!helloDone) {
        helloDone = true;
        if (request.type !== 'hello' || request.token !== token) return void socket.destroy();
        const hello = scenario === 'bad-hello' ? { version: 1 } : { version: 1, status };
        socket.write(encodeFrame({ ok: true, value: hello }));
      } else {
        socket.write(answers[scenario]!());
      }
    }
  });
  socket.on('error', () => undefined);
});
server.listen(socketPath, () => process.stdout.write('serving\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
