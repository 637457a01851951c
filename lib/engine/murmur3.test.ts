import { describe, expect, it } from "vitest";
import { bucketOf, murmur3, murmur3Text } from "./murmur3";

describe("murmur3_x86_32", () => {
  it.each([
    ["", 0, 0],
    ["", 1, 0x514e28b7],
    ["", 0xffffffff, 0x81f16f39],
    ["hello", 0, 0x248bfa47],
    ["abc", 0, 0xb3dd93fa],
    ["aaaa", 0x9747b28c, 0x5a97808a],
    ["Hello, world!", 0x9747b28c, 0x24884cba],
    ["The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723],
    // Multi-byte UTF-8: the hash is over bytes, not UTF-16 code units.
    ["ππππππππ", 0x9747b28c, 0xd58063c1],
  ])("%j with seed %d", (text, seed, expected) => {
    expect(murmur3Text(text, seed)).toBe(expected);
  });

  it("hashes raw bytes, including zeros, over a prefix length", () => {
    expect(murmur3(new Uint8Array([0, 0, 0, 0]), 0)).toBe(0x2362f9de);
    expect(murmur3(new Uint8Array([104, 101, 108, 108, 111, 1, 2]), 0, 5)).toBe(0x248bfa47);
  });

  it("hashes long keys (scratch buffer grows)", () => {
    const long = "é".repeat(5000);
    expect(murmur3Text(long)).toBe(murmur3(new TextEncoder().encode(long)));
  });
});

describe("bucketOf", () => {
  it("is murmur3(utf8(seed + ':' + key), 0) mod 10000, unsigned", () => {
    expect(bucketOf("fraud-scorer", "u-42")).toBe(murmur3Text("fraud-scorer:u-42", 0) % 10000);
    expect(bucketOf("", "hello")).toBe(murmur3Text(":hello") % 10000);
    for (const key of ["a", "b", "c", "ü", "12345"]) {
      const bucket = bucketOf("seed", key);
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket < 10000).toBe(true);
    }
  });
});
