import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { AsciiOutput } from "../../src/cli/output.js";
import { putUint } from "../../src/cli/put-bytes.js";

const text = (out: AsciiOutput): string => Buffer.from(out.view()).toString("latin1");
const dir = mkdtempSync(join(tmpdir(), "tsbgp-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("putUint", () => {
  it("writes any uint32 as String() does, and returns the end", () => {
    const buf = new Uint8Array(16);
    const check = (v: number): void => {
      const end = putUint(buf, 3, v);
      expect(Buffer.from(buf.subarray(3, end)).toString("latin1")).toBe(String(v));
    };
    for (const v of [0, 9, 10, 99, 100, 101, 999, 1000, 65535, 4294967295]) check(v);
    fc.assert(fc.property(fc.nat({ max: 0xffffffff }), (v) => check(v)));
  });
});

describe("AsciiOutput", () => {
  it("num() and int() print integers up to 2^53 as String() does", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: -0x80000000, max: 0x7fffffff }), (v, i) => {
        const out = new AsciiOutput(-1, 8);
        out.num(v);
        out.ch(32);
        out.int(i);
        expect(text(out)).toBe(`${v} ${i}`);
      }),
    );
  });

  it("keeps bytes across growth and resets, and appends them with copyKept", () => {
    const out = new AsciiOutput(-1, 8);
    const a = out.keep(Buffer.from("xhello"), 1, 6);
    out.str("0123456789abcdef");
    const start = out.length;
    const gen = out.generation;
    out.str("|world|");
    const b = out.keepWritten(start, gen);
    expect(out.keptLength).toBe(12);
    out.reset();
    out.copyKept(a, 5);
    out.copyKept(b, 7);
    out.str("0123456789abcdef0123456789");
    out.copyKept(a, 5);
    expect(text(out)).toBe("hello|world|0123456789abcdef0123456789hello");
  });

  it("keepWritten refuses a stretch a flush or reset has cut", () => {
    const out = new AsciiOutput(-1, 64);
    const gen = out.generation;
    out.str("abc");
    out.reset();
    out.str("d");
    expect(out.keepWritten(0, gen)).toBe(-1);
    expect(out.keptLength).toBe(0);
    expect(out.keepWritten(0, out.generation)).toBe(0);
    out.clearKept();
    expect(out.keptLength).toBe(0);
  });

  it("writes a file output early once (64 KiB), then a buffer at a time, every byte in order", () => {
    const file = join(dir, "out");
    const fd = openSync(file, "w");
    try {
      const out = new AsciiOutput(fd, 1 << 20);
      const piece = "0123456789".repeat(10);
      let written = "";
      for (let i = 0; written.length < 70_000; i++) {
        out.str(piece);
        out.num(i);
        out.ch(10);
        written += `${piece}${i}\n`;
      }
      // The first flush came after 64 KiB, not after the whole megabyte.
      const early = statSync(file).size;
      expect(early).toBeGreaterThan(60_000);
      expect(early).toBeLessThanOrEqual(1 << 16);
      while (written.length < 3_000_000) {
        out.str(piece);
        written += piece;
      }
      out.flush();
      expect(readFileSync(file, "latin1")).toBe(written);
    } finally {
      closeSync(fd);
    }
  });
});
