// keyhold inject -i TEMPLATE [-o FILE] [--force]: fill {{ keyhold:NAME }} placeholders in any text.
import { KeyholdError } from '../../../shared/errors.ts';
import { resolutionDetail, resolveBindings } from '../../refs/resolve.ts';
import { fillPlaceholders, findPlaceholders, TemplateError } from '../../refs/template.ts';
import { optFlag, optString, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { writeOutput } from '../run/output.ts';
import { readInput } from '../run/sources.ts';

const MAX_TEMPLATE = 10 * 1024 * 1024;

export const injectCommand: Command = {
  name: 'inject',
  summary: 'Fill {{ keyhold:NAME }} placeholders in a config file or any text',
  usage: 'keyhold inject -i TEMPLATE [-o FILE] [--force]',
  details: `
Replaces every {{ keyhold:NAME }} (the value) and {{ keyhold:NAME#FIELD }} (a field) in
TEMPLATE and writes the result to stdout, or to FILE created with mode 0600. An existing
FILE is replaced only with --force. - means stdin for -i and stdout for -o.
Nothing is written when any placeholder cannot be resolved: the error names its line.`,
  options: {
    ...vaultOption,
    input: { type: 'string', short: 'i', valueName: 'TEMPLATE', help: 'the template file (- for stdin)' },
    output: { type: 'string', short: 'o', valueName: 'FILE', help: 'write here, mode 0600 (default and -: stdout)' },
    force: { type: 'boolean', help: 'replace FILE if it exists' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const input = optString(ctx.opts, 'input');
    if (input === undefined) throw new UsageError("'inject' needs -i TEMPLATE (- for stdin)");
    const output = optString(ctx.opts, 'output');
    const text = await readInput(input, MAX_TEMPLATE, 'template');
    let placeholders;
    try {
      placeholders = findPlaceholders(text);
    } catch (e) {
      if (e instanceof TemplateError) throw new KeyholdError('INVALID_INPUT', `${input === '-' ? 'stdin' : input}: ${e.message}`);
      throw e;
    }
    const values: string[] = [];
    if (placeholders.length) {
      const vault = await ctx.unlock();
      const bindings = placeholders.map((p) => ({ variable: `line ${p.line}`, reference: p.reference }));
      const resolved = resolveBindings(vault, bindings, 'get', ctx.origin, ctx.now());
      values.push(...resolved.map((r) => r.value));
      const where = `inject ${input} to ${output ?? '-'}; cwd ${process.cwd()}; pid ${process.pid}`;
      vault.record('get', ctx.origin, { detail: resolutionDetail(where, resolved) });
    }
    const written = writeOutput(output, fillPlaceholders(text, placeholders, values), optFlag(ctx.opts, 'force'), ctx.out);
    if (written) ctx.info(`Wrote ${written} (${placeholders.length} value${placeholders.length === 1 ? '' : 's'}).`);
  },
};
