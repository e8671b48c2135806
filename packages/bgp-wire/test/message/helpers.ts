/** Shared helpers of the message-codec tests: hex conversion and fixture loading. */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Directory of this area's fixtures. */
export const FIXTURES = fileURLToPath(new URL("../fixtures/message/", import.meta.url));

/** Bytes from a hex string (spaces and colons ignored). */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of bytes. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

/** One line of `tshark-non-update.jsonl`. */
export interface TsharkRecord {
  readonly file: string;
  readonly packet_index: number;
  readonly msg_index: number;
  readonly hex: string;
  readonly decoded: Record<string, unknown>;
}

/** Every record of the tshark fixture. */
export function tsharkRecords(): TsharkRecord[] {
  return readFileSync(`${FIXTURES}tshark-non-update.jsonl`, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TsharkRecord);
}

/** The GoBGP bad-length corpus as [name, bytes]. */
export function gobgpBadLen(): [string, Uint8Array][] {
  const dir = `${FIXTURES}gobgp-bad-len/`;
  return readdirSync(dir)
    .sort()
    .map((n) => [n, new Uint8Array(readFileSync(dir + n))]);
}

/** A header for a message of `length` bytes and `type`. */
export function header(length: number, type: number): Uint8Array {
  const h = new Uint8Array(19).fill(0xff);
  h[16] = length >> 8;
  h[17] = length & 0xff;
  h[18] = type;
  return h;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Runs `f` and returns the error it throws (fails the test if it does not throw). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}
