// Readers for the headers of the icon formats electron-builder takes: PNG, Windows ICO and macOS
// ICNS. Enough to tell which pixel sizes a file really holds, not to draw it. Each throws an Error
// with a plain message when the bytes are not what their format says.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Size {
  width: number;
  height: number;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);
}

/** Width and height from a PNG's IHDR chunk, which must come first. */
export function pngSize(bytes: Uint8Array): Size {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isPng(buf)) throw new Error('not a PNG (bad signature)');
  if (buf.length < 24 || buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('a PNG without an IHDR chunk first');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The images listed in an ICO file, each with the size its own data declares. */
export function icoSizes(bytes: Uint8Array): Size[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 6 || buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) throw new Error('not an ICO file (bad header)');
  const count = buf.readUInt16LE(4);
  if (count === 0) throw new Error('an ICO file with no images');
  if (buf.length < 6 + count * 16) throw new Error('an ICO file whose directory is truncated');
  const sizes: Size[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + i * 16;
    // A 0 in the directory's one-byte width or height means 256.
    const listed = { width: buf[entry] || 256, height: buf[entry + 1] || 256 };
    const length = buf.readUInt32LE(entry + 8);
    const offset = buf.readUInt32LE(entry + 12);
    if (offset + length > buf.length || length < 40) throw new Error(`ICO image ${i + 1} lies outside the file`);
    const image = buf.subarray(offset, offset + length);
    let actual: Size;
    if (isPng(image)) {
      actual = pngSize(image);
    } else {
      // BITMAPINFOHEADER: the height counts the colour and the mask bitmaps, so it is doubled.
      if (image.readUInt32LE(0) !== 40) throw new Error(`ICO image ${i + 1} is neither PNG nor a BMP`);
      actual = { width: image.readInt32LE(4), height: image.readInt32LE(8) / 2 };
    }
    if (actual.width !== listed.width || actual.height !== listed.height) {
      throw new Error(`ICO image ${i + 1} is listed as ${listed.width}x${listed.height} but holds ${actual.width}x${actual.height}`);
    }
    sizes.push(actual);
  }
  return sizes;
}

/** Pixel size of each ICNS element type Keyhold writes (the @2x types are double their name). */
export const ICNS_TYPE_SIZES: Readonly<Record<string, number>> = {
  ic04: 16, ic05: 32, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512,
};

/** Decodes ICNS ARGB PackBits data and returns how many bytes it expands to. */
function argbExpandedLength(data: Buffer): number {
  let out = 0;
  let i = 4; // after the 'ARGB' tag
  while (i < data.length) {
    const control = data[i] as number;
    if (control < 0x80) {
      out += control + 1;
      i += control + 2;
    } else {
      out += control - 125;
      i += 2;
    }
  }
  if (i !== data.length) throw new Error('ICNS ARGB data is truncated');
  return out;
}

/** The ICNS elements (type -> pixel size) after checking each one's data against its type. */
export function icnsSizes(bytes: Uint8Array): Map<string, number> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS file (bad magic)');
  if (buf.readUInt32BE(4) !== buf.length) throw new Error(`an ICNS file whose header says ${buf.readUInt32BE(4)} bytes but has ${buf.length}`);
  const found = new Map<string, number>();
  for (let at = 8; at < buf.length;) {
    if (at + 8 > buf.length) throw new Error('an ICNS element header is truncated');
    const type = buf.toString('latin1', at, at + 4);
    const length = buf.readUInt32BE(at + 4);
    if (length < 8 || at + length > buf.length) throw new Error(`ICNS element ${type} lies outside the file`);
    const data = buf.subarray(at + 8, at + length);
    const size = ICNS_TYPE_SIZES[type];
    if (size !== undefined) {
      if (isPng(data)) {
        const png = pngSize(data);
        if (png.width !== size || png.height !== size) throw new Error(`ICNS element ${type} should be ${size}x${size} but holds ${png.width}x${png.height}`);
      } else if (data.toString('latin1', 0, 4) === 'ARGB') {
        if (argbExpandedLength(data) !== size * size * 4) throw new Error(`ICNS element ${type} does not hold ${size}x${size} ARGB pixels`);
      } else {
        throw new Error(`ICNS element ${type} is neither PNG nor ARGB`);
      }
      found.set(type, size);
    }
    at += length;
  }
  return found;
}
