// What goes on the clipboard when a secret is copied: the text, plus (when history exclusion is on)
// the OS-specific markers that clipboard history and clipboard managers honour, all in ONE write so
// no manager ever sees the text without its marker. Pure (no Electron): the adapter turns these
// entries into one ClipboardItem for Electron's clipboard.write().

/** Electron's MIME type for a raw platform clipboard format (electron PR #51707, Electron 44+). */
export function osFormatMime(format: string): string {
  return `electron application/osclipboard;format="${format}"`;
}

export interface ClipboardEntry {
  /** The MIME type key of the ClipboardItem. */
  mime: string;
  /** The OS clipboard format this becomes (for documentation and tests). */
  format: string;
  /** A string for text MIME types, raw bytes for OS formats. */
  data: string | Uint8Array;
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
/** A little-endian DWORD 0: "no" for the Windows clipboard-history flags. */
const DWORD_ZERO = new Uint8Array([0, 0, 0, 0]);

/** The history-exclusion markers of one OS (empty where none is known). */
export function historyExclusionEntries(text: string, platform: NodeJS.Platform): ClipboardEntry[] {
  switch (platform) {
    case 'win32':
      // Windows 10 1809+: any data in the first format hides the copy from clipboard monitors,
      // Win+V history and cloud clipboard; the two DWORD flags say the same for older listeners.
      return [
        { mime: osFormatMime('ExcludeClipboardContentFromMonitorProcessing'), format: 'ExcludeClipboardContentFromMonitorProcessing', data: DWORD_ZERO },
        { mime: osFormatMime('CanIncludeInClipboardHistory'), format: 'CanIncludeInClipboardHistory', data: DWORD_ZERO },
        { mime: osFormatMime('CanUploadToCloudClipboard'), format: 'CanUploadToCloudClipboard', data: DWORD_ZERO },
      ];
    case 'darwin':
      // nspasteboard.org convention, honoured by Maccy, Alfred, Paste, Raycast, 1Password... KeePassXC
      // puts the text itself under the concealed type; so do we (same pasteboard item, no new copy).
      return [{ mime: osFormatMime('org.nspasteboard.ConcealedType'), format: 'org.nspasteboard.ConcealedType', data: ascii(text) }];
    case 'linux':
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      // KDE's hint, honoured by Klipper and CopyQ (and configurable in wl-clip-persist), on X11 and Wayland.
      return [{ mime: osFormatMime('x-kde-passwordManagerHint'), format: 'x-kde-passwordManagerHint', data: ascii('secret') }];
    default:
      return [];
  }
}

/** Every entry of the one clipboard write for a secret: the text first, then the markers. */
export function secretClipboardEntries(text: string, platform: NodeJS.Platform, excludeFromHistory: boolean): ClipboardEntry[] {
  const entries: ClipboardEntry[] = [{ mime: 'text/plain', format: 'text/plain', data: text }];
  return excludeFromHistory ? [...entries, ...historyExclusionEntries(text, platform)] : entries;
}

/** The entries as the record a ClipboardItem is constructed from (raw bytes as Blobs). */
export function clipboardItemRecord(entries: readonly ClipboardEntry[]): Record<string, string | Blob> {
  const record: Record<string, string | Blob> = {};
  for (const entry of entries) {
    record[entry.mime] = typeof entry.data === 'string' ? entry.data : new Blob([entry.data as Uint8Array<ArrayBuffer>]);
  }
  return record;
}

/** An error message safe to log: the secret is cut out even if a library echoed it. */
export function redactedMessage(error: unknown, secret: string): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return secret ? message.split(secret).join('[redacted]') : message;
}
