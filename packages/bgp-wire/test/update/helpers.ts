/** Shared helpers of the UPDATE codec tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CodecContext } from "../../src/context.js";
import { encodeUpdateBody } from "../../src/message/update.js";
import type { UpdateMessage } from "../../src/types/messages.js";
import { ByteWriter } from "../../src/writer.js";

/** Hex (any case, optional `:`/space separators) to bytes. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes to lower-case hex. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** A whole UPDATE message (header + body) from an UpdateMessage. */
export function encodeWholeUpdate(msg: UpdateMessage, ctx: CodecContext): Uint8Array {
  const w = new ByteWriter(4096);
  for (let i = 0; i < 16; i++) w.u8(0xff);
  w.u16(0);
  w.u8(2);
  encodeUpdateBody(w, msg, ctx);
  w.patchU16(16, w.pos);
  return w.finish();
}

/** The body of an UPDATE body alone, re-encoded. */
export function encodeBody(msg: UpdateMessage, ctx: CodecContext): Uint8Array {
  const w = new ByteWriter(4096);
  encodeUpdateBody(w, msg, ctx);
  return w.finish();
}

/** Reads a JSON-lines fixture of this package. */
export function readJsonl<T>(rel: string): T[] {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url)), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** Path of a file under the shared fixtures (`<repo>/../shared/fixtures`). */
export function sharedFixture(rel: string): string {
  return fileURLToPath(new URL(`../../../../../shared/fixtures/${rel}`, import.meta.url));
}

/** Byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
