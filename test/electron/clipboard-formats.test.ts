// The clipboard write for a copied secret: the text plus each OS's history-exclusion markers, in one item.
import { describe, expect, it } from 'vitest';
import {
  clipboardItemRecord, historyExclusionEntries, osFormatMime, redactedMessage, secretClipboardEntries,
} from '../../electron/main/clipboard-formats.ts';

const SECRET = 'sk_live_51Habc/=+ü';
const formats = (platform: NodeJS.Platform, exclude = true): string[] => secretClipboardEntries(SECRET, platform, exclude).map((e) => e.format);
const bytesOf = (platform: NodeJS.Platform, format: string): number[] => {
  const entry = secretClipboardEntries(SECRET, platform, true).find((e) => e.format === format);
  if (!entry || typeof entry.data === 'string') throw new Error(`no raw entry ${format}`);
  return [...entry.data];
};

describe('secret clipboard entries', () => {
  it('always carries the text as text/plain, first', () => {
    for (const platform of ['linux', 'darwin', 'win32', 'aix'] as NodeJS.Platform[]) {
      for (const exclude of [true, false]) {
        const [first] = secretClipboardEntries(SECRET, platform, exclude);
        expect(first).toEqual({ mime: 'text/plain', format: 'text/plain', data: SECRET });
      }
    }
  });

  it('marks the copy as a password-manager secret on Linux (KDE hint = "secret")', () => {
    expect(formats('linux')).toEqual(['text/plain', 'x-kde-passwordManagerHint']);
    expect(Buffer.from(bytesOf('linux', 'x-kde-passwordManagerHint')).toString('ascii')).toBe('secret');
  });

  it('marks the copy as concealed on macOS', () => {
    expect(formats('darwin')).toEqual(['text/plain', 'org.nspasteboard.ConcealedType']);
    expect(Buffer.from(bytesOf('darwin', 'org.nspasteboard.ConcealedType')).toString('utf8')).toBe(SECRET);
  });

  it('excludes the copy from monitors, history and cloud clipboard on Windows (DWORD 0 flags)', () => {
    expect(formats('win32')).toEqual([
      'text/plain', 'ExcludeClipboardContentFromMonitorProcessing', 'CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard',
    ]);
    expect(bytesOf('win32', 'CanIncludeInClipboardHistory')).toEqual([0, 0, 0, 0]);
    expect(bytesOf('win32', 'CanUploadToCloudClipboard')).toEqual([0, 0, 0, 0]);
  });

  it('writes only the text when exclusion is off, or on an OS without a known marker', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as NodeJS.Platform[]) expect(formats(platform, false)).toEqual(['text/plain']);
    expect(historyExclusionEntries(SECRET, 'aix')).toEqual([]);
  });

  it("names raw formats with Electron's osclipboard MIME type", () => {
    expect(osFormatMime('x-kde-passwordManagerHint')).toBe('electron application/osclipboard;format="x-kde-passwordManagerHint"');
    for (const platform of ['linux', 'darwin', 'win32'] as NodeJS.Platform[]) {
      for (const entry of secretClipboardEntries(SECRET, platform, true).slice(1)) expect(entry.mime).toBe(osFormatMime(entry.format));
    }
  });

  it('builds one ClipboardItem record: text as a string, raw formats as Blobs with the exact bytes', async () => {
    const record = clipboardItemRecord(secretClipboardEntries(SECRET, 'win32', true));
    expect(Object.keys(record)).toHaveLength(4);
    expect(record['text/plain']).toBe(SECRET);
    const flag = record[osFormatMime('CanIncludeInClipboardHistory')];
    expect(flag).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (flag as Blob).arrayBuffer())]).toEqual([0, 0, 0, 0]);
  });

  it('redacts the secret from a logged error message', () => {
    const message = redactedMessage(new TypeError(`bad payload ${SECRET} here`), SECRET);
    expect(message).not.toContain(SECRET);
    expect(message).toBe('TypeError: bad payload [redacted] here');
  });
});
