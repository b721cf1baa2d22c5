// Reading the files a scan worker looks at into memory it reuses: a slab for the files it keeps
// until the stored values are known, one growing buffer for the others. Reading a 100 MB tree
// into a fresh buffer per file makes V8 collect garbage over and over for memory it could reuse.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** Views start on 8-byte boundaries (the matcher reads aligned words). */
const ALIGN = 8;

export class FileReader {
  readonly #slabBytes: number;
  #slab: Uint8Array | null = null;
  #slabUsed = 0;
  #scratch = new Uint8Array(0);

  /** `slabBytes`: how much the kept files may take (more are read into buffers of their own). */
  constructor(slabBytes: number) {
    this.#slabBytes = slabBytes;
  }

  /** A file to keep until release(): its bytes on the slab while there is room. */
  readKept(path: string): Uint8Array {
    return read(path, (size) => {
      if (size > this.#slabBytes - this.#slabUsed) return new Uint8Array(size);
      this.#slab ??= new Uint8Array(this.#slabBytes);
      const view = this.#slab.subarray(this.#slabUsed, this.#slabUsed + size);
      this.#slabUsed += Math.ceil(size / ALIGN) * ALIGN;
      return view;
    });
  }

  /** A file looked at once: its bytes are valid until the next read. */
  readOnce(path: string): Uint8Array {
    return read(path, (size) => {
      if (this.#scratch.length < size) this.#scratch = new Uint8Array(Math.max(size, this.#scratch.length * 2));
      return this.#scratch.subarray(0, size);
    });
  }

  /** The kept files are done with: the slab is free again. */
  release(): void {
    this.#slabUsed = 0;
  }
}

/** The file's bytes, read into `alloc(size + 1)` (one more byte shows whether it grew meanwhile). */
function read(path: string, alloc: (size: number) => Uint8Array): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = alloc(size + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    // It grew while being read (a log being written): read it whole the ordinary way.
    return n < buf.length ? buf.subarray(0, n) : readFileSync(path);
  } finally {
    closeSync(fd);
  }
}
