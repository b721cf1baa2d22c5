// The byte matcher against a plain indexOf over random text, and the base64 forms of a value.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LONG, Matcher, WINDOW } from '../../electron/scan/matcher.ts';
import { base64Cores, buildNeedles, formsOf } from '../../electron/scan/needles.ts';

function naive(buf: Buffer, needles: Buffer[]): string[] {
  const out: string[] = [];
  needles.forEach((n, i) => {
    for (let at = buf.indexOf(n); at >= 0; at = buf.indexOf(n, at + 1)) out.push(`${i}@${at}`);
  });
  return out.sort();
}

describe('matcher', () => {
  it('finds exactly what indexOf finds, for short and long needles, at any offset', () => {
    const alphabet = Buffer.from('abcd\n');
    for (let round = 0; round < 20; round++) {
      const text = Buffer.from(randomBytes(20_000).map((b) => alphabet[b % alphabet.length]!));
      const needles = Array.from({ length: 30 }, (_, i) => {
        const len = WINDOW + ((i * 7) % (LONG * 3));
        const at = (i * 613 + round * 31) % (text.length - len);
        return Buffer.from(text.subarray(at, at + len));
      });
      needles.push(Buffer.from('zzzzzzzzzzzzzzzzzzzzzzzzzzzz')); // absent
      const starts = new Uint32Array(needles.length + 1);
      let total = 0;
      needles.forEach((n, i) => {
        starts[i] = total;
        total += n.length;
      });
      starts[needles.length] = total;
      const m = new Matcher({ bytes: Buffer.concat(needles), starts });
      const found: string[] = [];
      m.scan(text, (n, at) => found.push(`${n}@${at}`));
      expect([...new Set(found)].sort()).toEqual(naive(text, needles));
    }
  });

  it('reads whole words where samples fall on 4-byte boundaries, and finds the same as on an unaligned view', () => {
    const alphabet = Buffer.from('abcdef\n');
    const text = Buffer.from(randomBytes(50_000).map((b) => alphabet[b % alphabet.length]!));
    // 23 bytes or longer: step 16, a multiple of 4, so aligned buffers take the word path.
    const needles = Array.from({ length: 40 }, (_, i) => {
      const len = 23 + (i % 30);
      const at = (i * 1231) % (text.length - len);
      return Buffer.from(text.subarray(at, at + len));
    });
    const starts = new Uint32Array(needles.length + 1);
    needles.forEach((n, i) => (starts[i + 1] = starts[i]! + n.length));
    const m = new Matcher({ bytes: Buffer.concat(needles), starts });
    expect(m.tables.long!.step).toBe(16);
    const aligned = new Uint8Array(text.length + 3);
    for (const shift of [0, 1, 2, 3]) {
      // The same text at every alignment of the buffer: offsets reported relative to the view.
      const view = aligned.subarray(shift, shift + text.length);
      view.set(text);
      const found: string[] = [];
      m.scan(view, (n, at) => found.push(`${n}@${at}`));
      expect([...new Set(found)].sort(), `shift ${shift}`).toEqual(naive(text, needles));
    }
  });

  it('needles sharing a prefix (sk_live_…) are all found, from tables built on shared memory too', () => {
    const needles = Array.from({ length: 300 }, (_, i) => Buffer.from(`sk_live_${String(i).padStart(4, '0')}${randomBytes(6 + (i % 20)).toString('hex')}`));
    needles.push(Buffer.from('short_01'), Buffer.from('another-short-one'));
    const filler = Buffer.from(randomBytes(50_000).map((b) => 97 + (b % 26)));
    // The text holds every planted needle plus near misses: the shared prefix and truncated needles.
    const parts: Buffer[] = [filler];
    needles.forEach((n, i) => {
      if (i % 3 === 0) parts.push(n, Buffer.from(' sk_live_ '), n.subarray(0, n.length - 1), Buffer.from(' '), filler.subarray(i, i + 37));
    });
    const text = Buffer.concat(parts);
    const starts = new Uint32Array(needles.length + 1);
    needles.forEach((n, i) => (starts[i + 1] = starts[i]! + n.length));
    const built = new Matcher({ bytes: Buffer.concat(needles), starts }, { shared: true });
    expect(built.tables.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const m of [built, new Matcher(structuredClone(built.tables))]) {
      const found: string[] = [];
      m.scan(text, (n, at) => found.push(`${n}@${at}`));
      expect([...new Set(found)].sort()).toEqual(naive(text, needles));
    }
    built.wipe();
    expect(built.tables.bytes.every((b) => b === 0)).toBe(true);
  });

  it('base64 cores match the value inside longer base64 text at all three alignments', () => {
    const value = Buffer.from('sk_live_51HxYzAbCdEfGhIjKlMnOp');
    const cores = base64Cores(value);
    for (let pre = 0; pre < 3; pre++) {
      const encoded = Buffer.concat([randomBytes(pre + 3), value, randomBytes(4)]).toString('base64');
      expect(cores.some((c) => encoded.includes(c))).toBe(true);
    }
    expect(formsOf('a b/c+d=e&f?').map((f) => f.form)).toContain('percent');
    const set = buildNeedles([{ credentialId: 'x', name: 'x', versions: [{ valueVersion: 1, current: true, value: 'short' }] }]);
    expect(set.skippedShort).toBe(1);
    expect(set.starts.length - 1).toBe(0);
    expect(() => set.owner(0)).toThrow(RangeError);
  });
});
