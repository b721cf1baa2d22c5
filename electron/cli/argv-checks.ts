// Checks on the raw command line that the dispatcher (main.ts) makes before any command's module
// loads. They live here, not beside their other users (parse.ts, secret-input.ts), because those
// bring the shared model's schemas with them, and every command would pay for loading them.

/** `'-5'`, `'-1d'`: a negative number where a count or a duration belongs. */
export function isNegativeNumber(text: string): boolean {
  return /^\s*-\s*\d/.test(text);
}

/** The message that `add --value SECRET` gets. */
export const VALUE_IN_ARGV =
  'secret values are never taken from the command line (shell history and the process list would keep them): ' +
  'use --value-stdin, --generate, or type it at the prompt';
