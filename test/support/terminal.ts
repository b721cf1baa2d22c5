// Runs a program on a real pseudo-terminal (util-linux `script`), to test no-echo prompts and
// confirmations the way a person meets them.
import { execFileSync, spawn } from 'node:child_process';

/** Whether `script` is there to make a pseudo-terminal (Debian always has it). */
export const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return process.platform !== 'win32';
  } catch {
    return false;
  }
})();

export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TerminalSession {
  /** Waits until the terminal shows `text` (after what was already consumed), then types `input`. */
  answer(text: string, input: string): Promise<void>;
  done: Promise<{ code: number; screen: string }>;
}

/** Runs `argv` (optionally after `pipeFrom |`) on a fresh pseudo-terminal. */
export function onTerminal(argv: string[], env: Record<string, string>, pipeFrom?: string): TerminalSession {
  const cmd = `${pipeFrom ? `${pipeFrom} | ` : ''}${argv.map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let consumed = 0;
  let waiter: (() => void) | null = null;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    waiter?.();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const done = new Promise<{ code: number; screen: string }>((resolve) => {
    child.on('close', (code) => {
      waiter?.();
      resolve({ code: code ?? -1, screen });
    });
  });
  return {
    done,
    answer: (text, input) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const at = screen.indexOf(text, consumed);
          if (at >= 0) {
            consumed = at + text.length;
            waiter = null;
            child.stdin.write(input);
            resolve();
          } else if (child.exitCode !== null) {
            reject(new Error(`exited before showing ${JSON.stringify(text)}; screen: ${screen}`));
          }
        };
        waiter = check;
        check();
      }),
  };
}
