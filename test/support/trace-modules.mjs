// Preload (`node --import`) that writes every module URL the process resolved to $KH_TRACE at exit.
import fs from 'node:fs';
import { registerHooks } from 'node:module';

const seen = [];
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    seen.push(r.url);
    return r;
  },
});
process.on('exit', () => fs.writeFileSync(process.env.KH_TRACE, seen.join('\n')));
