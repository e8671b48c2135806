/**
 * `tsbgp-mrt --json`: one JSON object per MRT record. Addresses and prefixes are text, byte
 * fields hex; BGP content (messages, RIB attributes) is decoded with the codec's own decoders,
 * and a part that fails to decode is reported as `{"error": ...}` in place of the value.
 */
import {
  decodeBgp4mpMessage,
  decodeRibEntryAttributes,
  decodeTableDumpAttributes,
} from "../mrt/bgp-content.js";
import type { MrtRecord } from "../mrt/types.js";
import { formatIpv4, formatIpv6 } from "../prefix-format.js";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

function isAddress(v: object): v is { afi: 1 | 2; addr: number | Uint8Array; len?: number } {
  const o = v as { afi?: unknown; addr?: unknown };
  return (o.afi === 1 && typeof o.addr === "number") || (o.afi === 2 && o.addr instanceof Uint8Array);
}

/** JSON.stringify replacer: addresses/prefixes as text, bytes as hex, lazy objects materialized. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { error: value.name, message: value.message };
  if (value !== null && typeof value === "object" && !Array.isArray(value) && isAddress(value)) {
    const text = value.afi === 1 ? formatIpv4(value.addr as number) : formatIpv6(value.addr as Uint8Array);
    return value.len === undefined ? text : `${text}/${value.len}`;
  }
  return value;
}

function attempt<T>(f: () => T): T | { error: string; message: string } {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

/** Plain-object view of a lazily decoded BGP message (getters are not enumerable). */
function plainMessage(m: object): object {
  const o = m as Record<string, unknown>;
  if (o.type !== "UPDATE") return m;
  return {
    type: "UPDATE",
    withdrawn: o.withdrawn,
    attributes: o.attributes,
    nlri: o.nlri,
    ...(o.action !== undefined ? { action: o.action, problems: o.problems } : {}),
  };
}

/** One JSON line for a record (with the trailing newline). */
export function formatJson(rec: MrtRecord): string {
  let obj: unknown = rec;
  switch (rec.type) {
    case "BGP4MP_MESSAGE": {
      const decoded = attempt(() => plainMessage(decodeBgp4mpMessage(rec)));
      obj = { ...rec, decoded };
      break;
    }
    case "RIB":
      obj = {
        ...rec,
        entries: rec.entries.map((e) => ({ ...e, decoded: attempt(() => decodeRibEntryAttributes(rec, e)) })),
      };
      break;
    case "TABLE_DUMP":
      obj = { ...rec, decoded: attempt(() => decodeTableDumpAttributes(rec)) };
      break;
    default:
      break;
  }
  return `${JSON.stringify(obj, replacer)}\n`;
}
