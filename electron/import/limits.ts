// Size limits, checked before anything is parsed.
/** No import file may be larger than this (a KeePass file with attachments stays well under it). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** The uncompressed `export.data` of a .1pux may not exceed this (zip bombs). */
export const MAX_1PUX_DATA_BYTES = 128 * 1024 * 1024;
