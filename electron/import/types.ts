// What every import format produces: entries with a value and the fields Keyhold keeps, plus
// what the file held that cannot be imported and why. `where` locates an entry in its file
// (line, entry title, item number) for reports and errors; it never holds a value.
import type { Environment } from '../../shared/model.ts';

export const IMPORT_FORMATS = ['dotenv', 'kdbx', 'bitwarden', '1pux', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface PreviousValue {
  value: string;
  createdAt: string;
  replacedAt: string;
}

export interface ParsedEntry {
  name: string;
  value: string;
  where: string;
  /** dotenv only: the variable it came from. */
  variable?: string;
  service?: string;
  environment?: Environment;
  tags?: string[];
  notes?: string;
  expiresAt?: string | null;
  history?: PreviousValue[];
  createdAt?: string;
  valueUpdatedAt?: string;
}

/** Something in the file that is not imported: an attachment, a card, an entry without a value. */
export interface Left {
  where: string;
  name?: string;
  reason: string;
}

export interface ParsedFile {
  format: ImportFormat;
  entries: ParsedEntry[];
  skipped: Left[];
}

/** Secrets a format may need besides the file: asked only when the file turns out to need them. */
export interface FormatSecrets {
  /** KDBX master password, or the Bitwarden export's password. */
  password?: () => Promise<string>;
}
