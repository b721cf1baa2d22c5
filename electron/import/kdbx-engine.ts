// kdbxweb set up for Node: its Argon2 (KDBX 4) runs on @node-rs/argon2, the same native
// Argon2 the vault uses. Both import and export load kdbxweb through here.
import * as kdbxwebNamespace from 'kdbxweb';
import { hashRaw } from '@node-rs/argon2';

// @node-rs/argon2's Algorithm and Version are ambient const enums, which isolated modules cannot read.
const ARGON2D = 0;
const ARGON2ID = 2;
const V0X10 = 0;
const V0X13 = 1;

// kdbxweb is a CommonJS bundle: under Node's ESM loader its API is the default export.
const kdbxweb = ((kdbxwebNamespace as unknown as { default?: typeof kdbxwebNamespace }).default ?? kdbxwebNamespace);

let wired = false;

export function kdbx(): typeof kdbxwebNamespace {
  if (!wired) {
    kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
      const out = await hashRaw(Buffer.from(password), {
        salt: Buffer.from(salt),
        memoryCost: memory, // kdbxweb passes KiB
        timeCost: iterations,
        parallelism,
        outputLen: length,
        algorithm: type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? ARGON2ID : ARGON2D,
        version: version === 0x10 ? V0X10 : V0X13,
      });
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
    });
    wired = true;
  }
  return kdbxweb;
}
