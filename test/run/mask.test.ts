// The streaming masker: values whole, split at every byte, base64 at every alignment, percent-encoded.
import { describe, expect, it } from 'vitest';
import { MASK, maskPatterns, StreamMasker } from '../../electron/cli/run/mask.ts';

function maskAll(values: string[], chunks: (string | Buffer)[], idleAfterEach = false): string {
  const out: Buffer[] = [];
  const m = new StreamMasker(values.flatMap(maskPatterns), (b) => out.push(Buffer.from(b)));
  for (const c of chunks) {
    m.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
    if (idleAfterEach) m.idle();
  }
  m.end();
  return Buffer.concat(out).toString();
}

const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

describe('StreamMasker', () => {
  it('masks a value written whole, several times, and leaves other text alone', () => {
    expect(maskAll([SECRET], [`key=${SECRET} again ${SECRET}\nbye`])).toBe(`key=${MASK} again ${MASK}\nbye`);
    expect(maskAll([SECRET], ['nothing secret here'])).toBe('nothing secret here');
    expect(maskAll([], ['x'])).toBe('x');
  });

  it('masks a value split at every byte boundary, also with idle pauses between the parts', () => {
    const text = `before ${SECRET} after`;
    for (let cut = 0; cut <= text.length; cut++) {
      for (const idle of [false, true]) {
        expect(maskAll([SECRET], [text.slice(0, cut), text.slice(cut)], idle)).toBe(`before ${MASK} after`);
      }
    }
    // One byte at a time, idle after each.
    expect(maskAll([SECRET], [...text], true)).toBe(`before ${MASK} after`);
  });

  it('lets out text that cannot start a value when the stream goes quiet', () => {
    const out: string[] = [];
    const m = new StreamMasker(maskPatterns(SECRET), (b) => out.push(b.toString()));
    m.push(Buffer.from('Password: '));
    m.idle();
    expect(out.join('')).toBe('Password: ');
    m.push(Buffer.from(`${SECRET.slice(0, 10)}`));
    m.idle();
    expect(out.join('')).toBe('Password: '); // could be the value: held
    m.push(Buffer.from(`${SECRET.slice(10)}!`));
    m.end();
    expect(out.join('')).toBe(`Password: ${MASK}!`);
  });

  it('masks base64 and base64url at every alignment, inside longer encoded text', () => {
    for (const prefix of ['', 'u', 'us', 'user:', 'user:x']) {
      for (const suffix of ['', '!', '!!', ':tail']) {
        const plain = `${prefix}${SECRET}${suffix}`;
        for (const encoded of [Buffer.from(plain).toString('base64'), Buffer.from(plain).toString('base64url')]) {
          const masked = maskAll([SECRET], [`Authorization: Basic ${encoded}\n`]);
          expect(masked).toContain(MASK);
          // What is left around the mask decodes to at most 2 bytes of the value at each end.
          const leftover = masked.replace(`Authorization: Basic `, '').replace('\n', '').split(MASK).join('');
          expect(leftover.length).toBeLessThanOrEqual(Math.ceil((prefix.length + suffix.length) * 4 / 3) + 8);
        }
      }
    }
  });

  it('masks percent-encoded forms', () => {
    const value = 'p@ss w/rd#1&x=%';
    const upper = encodeURIComponent(value);
    expect(maskAll([value], [`?token=${upper}&next`])).toBe(`?token=${MASK}&next`);
    expect(maskAll([value], [`?token=${upper.toLowerCase()}&next`])).toBe(`?token=${MASK}&next`);
    expect(maskAll([value], [`?token=${upper.replace(/%20/g, '+')}&next`])).toBe(`?token=${MASK}&next`);
  });

  it('masks multi-line values also with the CRLF line ends a terminal writes', () => {
    const pem = '-----BEGIN KEY-----\nMIIabc\n-----END KEY-----';
    expect(maskAll([pem], [`a\n${pem}\nb`])).toBe(`a\n${MASK}\nb`);
    expect(maskAll([pem], [`a\r\n${pem.replace(/\n/g, '\r\n')}\r\nb`])).toBe(`a\r\n${MASK}\r\nb`);
  });

  it('covers overlapping and adjacent values with one mask, and short values too', () => {
    expect(maskAll(['abcdef', 'defghi'], ['xxabcdefghixx'])).toBe(`xx${MASK}xx`);
    expect(maskAll(['abc', 'xyz'], ['abcxyz-abc'])).toBe(`${MASK}-${MASK}`);
    expect(maskAll(['a'], ['banana'])).toBe(`b${MASK}n${MASK}n${MASK}`);
    expect(maskAll(['long-secret-value', 'sec'], ['a sec b long-secret-value c'])).toBe(`a ${MASK} b ${MASK} c`);
  });

  it('keeps UTF-8 and binary bytes intact around masks', () => {
    const bin = Buffer.from([0, 255, 10, 13, 0xc3]);
    const out: Buffer[] = [];
    const m = new StreamMasker(maskPatterns('café-secret'), (b) => out.push(Buffer.from(b)));
    m.push(Buffer.concat([bin, Buffer.from('café-secret'), bin]));
    m.end();
    expect(Buffer.concat(out)).toEqual(Buffer.concat([bin, Buffer.from(MASK), bin]));
  });

  it('finds values at random places in random chunkings', () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const values = Array.from({ length: 20 }, (_, i) => `tok${i}_${'x'.repeat(rnd(30))}${i}`);
    for (let round = 0; round < 200; round++) {
      let text = '';
      let expected = '';
      for (let k = 0; k < 10; k++) {
        const filler = 'abc xyz 123 '.slice(0, rnd(12));
        const v = values[rnd(values.length)]!;
        text += filler + v;
        expected += filler + MASK;
      }
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = 1 + rnd(40);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      // Values written back to back may come out as one mask or several: either way nothing shows.
      const squash = (s: string) => s.split(MASK).filter((part, i, all) => part !== '' || i === 0 || i === all.length - 1).join(MASK);
      expect(squash(maskAll(values, chunks, rnd(2) === 1))).toBe(squash(expected));
    }
  });
});

describe('StreamMasker on large chunks', () => {
  it('gives the same output however the stream is cut, with values across every chunk boundary', () => {
    // Chunks at least as long as the longest pattern are scanned in place; only their junction
    // with the held-back bytes is copied. The output must not depend on where the cuts fall.
    let seed = 5;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const values = [`sk_live_${'a1B2c3D4'.repeat(4)}`, `ghp_${'Z9'.repeat(18)}`, 'short-v1', 'pass word/+?'];
    const maxLen = Math.max(...values.flatMap(maskPatterns).map((p) => p.length));
    const squash = (s: string) => s.split(MASK).filter((part, i, all) => part !== '' || i === 0 || i === all.length - 1).join(MASK);
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let k = 0; k < 12; k++) {
        const v = values[rnd(values.length)]!;
        const form = [v, Buffer.from(v).toString('base64'), encodeURIComponent(v), v + v, v.slice(0, rnd(v.length))][rnd(5)]!;
        text += 'log line '.slice(0, rnd(10)) + form;
      }
      const whole = maskAll(values, [text]);
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = maxLen - 1 + rnd(2 * maxLen);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect(squash(maskAll(values, chunks, rnd(2) === 1))).toBe(squash(whole));
      for (const v of values) expect(maskAll(values, chunks)).not.toContain(v);
    }
  });
});

describe('StreamMasker lifetime', () => {
  it('keeps working when another masker built from the same patterns is disposed', () => {
    const patterns = maskPatterns(SECRET);
    const out: Buffer[] = [];
    const first = new StreamMasker(patterns, () => {});
    const second = new StreamMasker(patterns, (b) => out.push(Buffer.from(b)));
    first.dispose();
    second.push(Buffer.from(`x ${SECRET} y`));
    second.end();
    expect(Buffer.concat(out).toString()).toBe(`x ${MASK} y`);
  });
});
