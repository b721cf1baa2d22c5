// Talking to the user's terminal: hidden input for passwords and values, and yes/no questions.
// When stdin is a pipe (`echo v | keyhold add x --value-stdin`) the questions still go to the
// controlling terminal (/dev/tty), as ssh and gpg do; with no terminal at all there is no prompt.
import fs from 'node:fs';
import tty from 'node:tty';
import { KeyholdError } from '../../shared/errors.ts';

export interface Terminal {
  input: tty.ReadStream;
  write(text: string): void;
}

let current: { term: Terminal; close(): void } | null | undefined;

/** The interactive terminal, or null when there is none (CI, cron, pipes without a tty). */
export function terminal(): Terminal | null {
  if (current !== undefined) return current?.term ?? null;
  current = openTerminal();
  return current?.term ?? null;
}

/** Releases the terminal so the process can exit. Called once when a command ends. */
export function closeTerminal(): void {
  current?.close();
  current = undefined;
}

function openTerminal(): { term: Terminal; close(): void } | null {
  if (process.stdin.isTTY) {
    const input = process.stdin as tty.ReadStream;
    return {
      term: { input, write: (t) => void process.stderr.write(t) },
      close: () => input.pause(),
    };
  }
  if (process.platform === 'win32') return null;
  let inFd: number | undefined;
  let outFd: number | undefined;
  try {
    inFd = fs.openSync('/dev/tty', 'r');
    outFd = fs.openSync('/dev/tty', 'w');
    if (!tty.isatty(inFd)) throw new Error('not a tty');
  } catch {
    if (inFd !== undefined) fs.closeSync(inFd);
    if (outFd !== undefined) fs.closeSync(outFd);
    return null;
  }
  const input = new tty.ReadStream(inFd);
  const out = outFd;
  return {
    term: { input, write: (t) => void fs.writeSync(out, t) },
    close: () => {
      input.destroy();
      fs.closeSync(out);
    },
  };
}

const cancelled = () => new KeyholdError('CANCELLED', 'Cancelled.');

/**
 * Reads one line in raw mode. Hidden input echoes nothing (not even stars: the length stays
 * private). Handles Enter, Backspace, Ctrl-U (clear), Ctrl-C and Ctrl-D on an empty line (cancel),
 * and skips escape sequences such as arrow keys and bracketed-paste markers.
 */
export function readLine(term: Terminal, prompt: string, opts: { hidden: boolean }): Promise<string> {
  const { input } = term;
  return new Promise<string>((resolve, reject) => {
    let chars: string[] = [];
    let inEscape = false;
    const finish = (err: KeyholdError | null) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode(false);
      input.pause();
      term.write('\n');
      if (err) reject(err);
      else resolve(chars.join(''));
      chars = [];
    };
    const onEnd = () => finish(cancelled());
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (inEscape) {
          // CSI sequences end with a letter or '~'; '[' and digits are part of them.
          if (/[A-Za-z~]/.test(ch) && ch !== 'O') inEscape = false;
          continue;
        }
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(cancelled());
        if (ch === '\u0004') {
          if (chars.length === 0) return finish(cancelled());
          continue;
        }
        if (ch === '\u007f' || ch === '\b') {
          if (chars.length > 0) {
            chars.pop();
            if (!opts.hidden) term.write('\b \b');
          }
          continue;
        }
        if (ch === '\u0015') {
          if (!opts.hidden) term.write('\b \b'.repeat(chars.length));
          chars = [];
          continue;
        }
        if (ch === '\u001b') {
          inEscape = true;
          continue;
        }
        if (ch < ' ') continue;
        chars.push(ch);
        if (!opts.hidden) term.write(ch);
      }
    };
    // Raw mode (no echo) before the prompt shows: anything typed after seeing it stays hidden.
    input.setRawMode(true);
    term.write(prompt);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

export function readHidden(term: Terminal, prompt: string): Promise<string> {
  return readLine(term, prompt, { hidden: true });
}

/** A yes/no question; only "y" or "yes" (any case) is yes. */
export async function confirm(term: Terminal, question: string): Promise<boolean> {
  const answer = await readLine(term, `${question} [y/N] `, { hidden: false });
  return /^y(es)?$/i.test(answer.trim());
}
