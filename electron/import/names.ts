// The names and limits of imports, without the parsers: what the CLI needs to describe its
// options loads nothing heavy.
export { IMPORT_FORMATS, type ImportFormat } from './types.ts';
export { MAX_IMPORT_BYTES } from './limits.ts';
export const CLASH_MODES = ['skip', 'rename', 'fail'] as const;
export type ClashMode = (typeof CLASH_MODES)[number];
