// The scan worker's file reading into reused memory: kept files never overwrite each other, a file
// larger than the room left gets a buffer of its own, and views stay aligned for the matcher.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReader } from '../../electron/scan/file-reader.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-file-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

describe('FileReader', () => {
  it('keeps every file intact on the slab, aligned, and spills over into buffers of their own', () => {
    const contents = Array.from({ length: 40 }, (_, i) => randomBytes(i * 37 + (i % 3)));
    const paths = contents.map((c, i) => file(`kept-${i}`, c));
    const reader = new FileReader(16 * 1024); // less than all of them: the last ones spill over
    const views = paths.map((p) => reader.readKept(p));
    views.forEach((v, i) => {
      expect(Buffer.from(v).equals(contents[i]!), `file ${i}`).toBe(true);
      expect(v.byteOffset % 8).toBe(0);
    });
    expect(new Set(views.map((v) => v.buffer)).size).toBeGreaterThan(1);
    reader.release();
    const again = reader.readKept(paths[5]!);
    expect(again.buffer).toBe(views[0]!.buffer); // the slab is reused after release
    expect(Buffer.from(again).equals(contents[5]!)).toBe(true);
  });

  it('reads one-off files into one growing buffer; empty files and missing ones behave', () => {
    const reader = new FileReader(0);
    const small = file('small', Buffer.from('hello'));
    const big = file('big', randomBytes(100_000));
    expect(Buffer.from(reader.readOnce(small)).toString()).toBe('hello');
    const b = reader.readOnce(big);
    expect(Buffer.from(b).equals(fs.readFileSync(big))).toBe(true);
    expect(reader.readOnce(small).buffer).toBe(b.buffer);
    expect(reader.readOnce(file('empty', Buffer.alloc(0))).length).toBe(0);
    expect(() => reader.readOnce(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
