/** Small builders of attribute bytes for the attribute tests. */
import { fromHex } from "../update/helpers.js";

/** One attribute: flags, type, length (2 octets when flags has 0x10) and the hex value. */
export function attr(flags: number, type: number, valueHex: string): string {
  const len = valueHex.replace(/ /g, "").length / 2;
  const h = (n: number, w = 2) => n.toString(16).padStart(w, "0");
  return `${h(flags)}${h(type)}${flags & 0x10 ? h(len, 4) : h(len)}${valueHex.replace(/ /g, "")}`;
}

/** Concatenated attributes as bytes. */
export function attrs(...parts: string[]): Uint8Array {
  return fromHex(parts.join(""));
}

/** ORIGIN IGP, AS_PATH (4-octet) [65001], NEXT_HOP 192.0.2.1: the mandatory set. */
export const MANDATORY = [attr(0x40, 1, "00"), attr(0x40, 2, "0201 0000fde9"), attr(0x40, 3, "c0000201")];

/** An UPDATE body from withdrawn hex, attributes bytes and NLRI hex. */
export function body(withdrawnHex: string, attributes: Uint8Array, nlriHex: string): Uint8Array {
  const w = fromHex(withdrawnHex);
  const n = fromHex(nlriHex);
  const out = new Uint8Array(4 + w.length + attributes.length + n.length);
  out[0] = w.length >> 8;
  out[1] = w.length & 0xff;
  out.set(w, 2);
  out[2 + w.length] = attributes.length >> 8;
  out[3 + w.length] = attributes.length & 0xff;
  out.set(attributes, 4 + w.length);
  out.set(n, 4 + w.length + attributes.length);
  return out;
}
