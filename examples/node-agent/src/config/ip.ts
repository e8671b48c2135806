/**
 * Address and prefix parsing at the config edge. Prefixes are kept as bytes plus length (compact,
 * easy to compare for overlap) with a canonical text form for display and map keys.
 */
import { isIPv4, isIPv6 } from "node:net";

/** Address family of an address or prefix. */
export type IpFamily = 4 | 6;

/** A parsed CIDR block such as `10.233.1.0/26` or `fd00:10:233:1::/122`. */
export interface IpBlock {
  /** 4 or 6. */
  readonly family: IpFamily;
  /** Network address bytes (4 or 16), host bits zero. */
  readonly bytes: Uint8Array;
  /** Prefix length. */
  readonly length: number;
  /** Canonical text, e.g. `fd00:10:233:1::/122`. */
  readonly text: string;
}

/** Canonical text of an IP address (IPv6 compressed, lower case), or `undefined` if invalid. */
export function canonicalIp(text: string): string | undefined {
  if (isIPv4(text)) return text.split(".").map(Number).join(".");
  if (isIPv6(text)) return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  return undefined;
}

/** Family of a valid address, or `undefined`. */
export function ipFamily(text: string): IpFamily | undefined {
  if (isIPv4(text)) return 4;
  if (isIPv6(text)) return 6;
  return undefined;
}

/** The 4 or 16 bytes of a valid address, or `undefined`. */
export function ipBytes(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return Uint8Array.from(text.split(".").map(Number));
  if (!isIPv6(text)) return undefined;
  let head = text;
  let tail4: number[] = [];
  // An embedded dotted quad (`::ffff:1.2.3.4`) fills the last 32 bits.
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail4 = text
      .slice(lastColon + 1)
      .split(".")
      .map(Number);
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left = "", right] = head.split("::");
  const words = (part: string) => (part === "" ? [] : part.split(":").map((w) => Number.parseInt(w, 16)));
  const l = words(left);
  const r = right === undefined ? [] : words(right);
  const all = [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  if (tail4.length === 4) out.set(tail4, 12);
  return out;
}

/** Text of address bytes (4 or 16). */
export function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return canonicalIp(words.join(":"))!;
}

/** Why `text` is not a CIDR block, or the parsed block. Host bits must be zero. */
export function parseBlock(text: string): IpBlock | string {
  const slash = text.indexOf("/");
  if (slash < 0) return "expected a CIDR block like 10.233.1.0/26";
  const addr = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  const bytes = ipBytes(addr);
  if (!bytes) return `${JSON.stringify(addr)} is not an IPv4 or IPv6 address`;
  const max = bytes.length * 8;
  if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > max) return `prefix length must be 0..${max}`;
  const length = Number(lenText);
  if (!hostBitsZero(bytes, length))
    return `host bits are set (did you mean ${ipText(mask(bytes, length))}/${length}?)`;
  return { family: bytes.length === 4 ? 4 : 6, bytes, length, text: `${ipText(bytes)}/${length}` };
}

/** True if two blocks share any address (one contains the other). */
export function blocksOverlap(a: IpBlock, b: IpBlock): boolean {
  if (a.family !== b.family) return false;
  const len = Math.min(a.length, b.length);
  return equalBytes(mask(a.bytes, len), mask(b.bytes, len));
}

/** True if `address` (bytes) lies inside `block`. */
export function blockContains(block: IpBlock, address: Uint8Array): boolean {
  return address.length === block.bytes.length && equalBytes(mask(address, block.length), block.bytes);
}

/** A copy of `bytes` with everything after `length` bits cleared. */
export function mask(bytes: Uint8Array, length: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    out[i] = out[i]! & ((0xff00 >> keep) & 0xff);
  }
  return out;
}

function hostBitsZero(bytes: Uint8Array, length: number): boolean {
  return equalBytes(mask(bytes, length), bytes);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
