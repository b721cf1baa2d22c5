// Where the master password comes from, restic-style: KEYHOLD_PASSWORD_FILE (first line of the
// file) or KEYHOLD_PASSWORD_COMMAND (first line of the command's stdout) when set, otherwise a
// no-echo prompt on the terminal. Passwords are never echoed, logged or put in a message.
import fs from 'node:fs';
import { terminalSafe } from '../../shared/text.ts';
import { shellQuote } from './quote.ts';
import { runShellCommand } from './run-command.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { UsageError } from './exit-codes.ts';
import { firstLineOfOutput, readFirstLine } from './first-line.ts';
import { readHidden, terminal, type Terminal } from './terminal.ts';

/** Shortest master password accepted for a new vault or a password change. */
export const MIN_PASSWORD_LENGTH = 8;

/** KEYHOLD_PASSWORD_COMMAND may run this long before Keyhold gives up (KEYHOLD_PASSWORD_COMMAND_TIMEOUT). */
export const DEFAULT_COMMAND_TIMEOUT_S = 60;

function fromFile(file: string, variable: string): string {
  warnIfOthersCanRead(file, variable);
  return readFirstLine(file, `${variable} (${file})`);
}

/** A password file that the group or everyone can read is a password shared with them. */
function warnIfOthersCanRead(file: string, variable: string): void {
  if (process.platform === 'win32') return;
  try {
    const st = fs.statSync(file);
    if (st.isFile() && (st.mode & 0o044) !== 0) {
      process.stderr.write(`keyhold: warning: ${variable} (${terminalSafe(file)}) can be read by other users of this computer; make it private with: chmod 600 ${shellQuote(file)}\n`);
    }
  } catch {
    // readFirstLine reports a missing or unreadable file.
  }
}

function commandTimeoutSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.KEYHOLD_PASSWORD_COMMAND_TIMEOUT;
  if (raw === undefined || raw === '') return DEFAULT_COMMAND_TIMEOUT_S;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 3600) {
    throw new UsageError('KEYHOLD_PASSWORD_COMMAND_TIMEOUT must be a whole number of seconds between 1 and 3600');
  }
  return n;
}

async function fromCommand(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const timeoutS = commandTimeoutSeconds(env);
  // Output as bytes, not a string, so it can be zeroed once the first line is taken.
  const r = await runShellCommand(command, timeoutS * 1000, 1024 * 1024);
  try {
    if (r.timedOut) {
      throw new KeyholdError('IO', `KEYHOLD_PASSWORD_COMMAND gave no password within ${timeoutS} s and was stopped; allow more time with KEYHOLD_PASSWORD_COMMAND_TIMEOUT=SECONDS.`);
    }
    if (r.tooMuchOutput) throw new KeyholdError('TOO_LARGE', 'KEYHOLD_PASSWORD_COMMAND printed more than 1 MiB: that is not a password.');
    if (r.error) throw new KeyholdError('IO', `KEYHOLD_PASSWORD_COMMAND could not be started (${describeSpawnError(r.error)}).`);
    if (r.status !== 0) throw new KeyholdError('IO', `KEYHOLD_PASSWORD_COMMAND failed (exit status ${r.status ?? r.signal}).`);
    return firstLineOfOutput(r.stdout, "KEYHOLD_PASSWORD_COMMAND's output");
  } finally {
    r.stdout.fill(0);
  }
}

/** The configured non-interactive source, if any. */
async function configuredPassword(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = env.KEYHOLD_PASSWORD_FILE;
  const command = env.KEYHOLD_PASSWORD_COMMAND;
  if (file && command) throw new UsageError('set only one of KEYHOLD_PASSWORD_FILE and KEYHOLD_PASSWORD_COMMAND');
  if (file) return fromFile(file, 'KEYHOLD_PASSWORD_FILE');
  if (command) return fromCommand(command, env);
  return undefined;
}

function noSource(what: string, unset: string): KeyholdError {
  return new KeyholdError('LOCKED', `No ${what}: not on a terminal, and ${unset}.`);
}

/** The master password of an existing vault. */
export async function readMasterPassword(env: NodeJS.ProcessEnv, prompt = 'Master password: '): Promise<string> {
  const configured = await configuredPassword(env);
  if (configured !== undefined) return configured;
  const term = terminal();
  if (!term) throw noSource('master password', 'neither KEYHOLD_PASSWORD_FILE nor KEYHOLD_PASSWORD_COMMAND is set');
  const password = await readHidden(term, prompt);
  if (password === '') throw new KeyholdError('CANCELLED', 'No password given.');
  return password;
}

function checkNew(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new KeyholdError('INVALID_INPUT', `The master password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

/** Tries a person gets at typing a new password (too short, or the two differ) before Keyhold gives up. */
const NEW_PASSWORD_TRIES = 3;

async function promptTwice(term: Terminal, what: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const first = await readHidden(term, `New ${what}: `);
    let problem: KeyholdError | undefined;
    if (first === '') problem = new KeyholdError('INVALID_INPUT', 'The password is empty.');
    else {
      try {
        checkNew(first);
      } catch (e) {
        problem = e as KeyholdError;
      }
    }
    if (!problem && (await readHidden(term, `Repeat the new ${what}: `)) !== first) {
      problem = new KeyholdError('INVALID_INPUT', 'The two passwords do not match.');
    }
    if (!problem) return first;
    if (attempt >= NEW_PASSWORD_TRIES) throw problem;
    term.write(`${problem.message} Try again (${NEW_PASSWORD_TRIES - attempt} ${NEW_PASSWORD_TRIES - attempt === 1 ? 'try' : 'tries'} left).\n`);
  }
}

/** The password for a new vault (`init`): the configured source, else asked twice on the terminal. */
export async function readInitPassword(env: NodeJS.ProcessEnv): Promise<string> {
  const configured = await configuredPassword(env);
  if (configured !== undefined) return checkNew(configured);
  const term = terminal();
  if (!term) throw noSource('master password', 'neither KEYHOLD_PASSWORD_FILE nor KEYHOLD_PASSWORD_COMMAND is set');
  return promptTwice(term, 'master password');
}

/** The new password for `passwd`: KEYHOLD_NEW_PASSWORD_FILE, else asked twice on the terminal. */
export async function readNewPassword(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.KEYHOLD_NEW_PASSWORD_FILE) return checkNew(fromFile(env.KEYHOLD_NEW_PASSWORD_FILE, 'KEYHOLD_NEW_PASSWORD_FILE'));
  const term = terminal();
  if (!term) throw noSource('new master password', 'KEYHOLD_NEW_PASSWORD_FILE is not set');
  return promptTwice(term, 'master password');
}

/** A start failure in words (a raw ENOENT or EACCES means little). */
function describeSpawnError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the shell or the command was not found';
  if (code === 'EACCES') return 'permission denied';
  return 'the system refused to start it';
}
