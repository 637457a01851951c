/**
 * murmur3_x86_32 — the hash behind sticky buckets. Anyone must be able to reproduce a
 * decision from the key, the seed and the slot table, so this is the reference algorithm
 * over the UTF-8 bytes of the text, nothing Turnout-specific.
 */
import { SLOT_COUNT } from "../router/document";

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** murmur3_x86_32 of `bytes[0..length)`, as an unsigned 32-bit integer. */
export function murmur3(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed >>> 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();
// Reused so that hashing a key on the request path does not allocate; grown on demand.
let scratch = new Uint8Array(256);

/** murmur3_x86_32 of the UTF-8 encoding of `text`. */
export function murmur3Text(text: string, seed = 0): number {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return murmur3(scratch, seed, written);
}

/** The sticky slot (0–9999) of `key` for a router whose seed is `routerSeed`. */
export function bucketOf(routerSeed: string, key: string): number {
  return murmur3Text(routerSeed + ":" + key, 0) % SLOT_COUNT;
}
