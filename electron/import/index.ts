// Public entry of imports: read (size-checked), parse (format detected), plan, apply.
export { IMPORT_FORMATS, type ImportFormat, type ParsedFile, type ParsedEntry } from './types.ts';
export { MAX_IMPORT_BYTES } from './limits.ts';
export { readImportFile, parseImport, passwordNeeded, type ParseOptions } from './read.ts';
export { detectFormat } from './detect.ts';
export { buildPlan, applyPlan, reportOf, CLASH_MODES, type ClashMode, type ImportPlan, type PlanRow, type ImportReport, type PlanOptions } from './plan.ts';
export { parseColumnMap, CSV_FIELDS, type ColumnMap } from './formats/csv.ts';
export { environmentOfFileName, folderOf } from './formats/dotenv.ts';
