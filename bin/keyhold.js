#!/usr/bin/env node
// The `keyhold` command. Node 22.18+ runs the TypeScript sources directly (type stripping),
// so the CLI needs no build step.
import { main } from '../electron/cli/main.ts';

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
