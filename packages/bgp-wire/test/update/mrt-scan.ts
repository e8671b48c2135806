/**
 * A minimal BGP4MP scanner for the tests (RFC 6396 §4.4, RFC 8050 §4): yields every BGP message
 * of a dump with the AS width and ADD-PATH mode of its record. Not the MRT reader (that is
 * `src/mrt`); just enough to feed real UPDATEs to the UPDATE codec.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One BGP message found in a BGP4MP record. */
export interface ScannedMessage {
  /** The whole BGP message, header included (a view into the dump). */
  readonly bytes: Uint8Array;
  readonly asn4: boolean;
  readonly addPath: boolean;
  /** Record timestamp (seconds). */
  readonly time: number;
  /** Microseconds of a BGP4MP_ET record (RFC 6396 §3), else undefined. */
  readonly usec: number | undefined;
  readonly peerAs: number;
  /** Peer address: 4 or 16 bytes (a view). */
  readonly peerIp: Uint8Array;
}

const AS4_SUBTYPES = new Set([4, 7, 9, 11]);
const MESSAGE_SUBTYPES = new Set([1, 4, 6, 7, 8, 9, 10, 11]);

/** Reads a (possibly gzipped) MRT file. */
export function readDump(path: string): Uint8Array {
  const raw = readFileSync(path);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

/** Every BGP4MP / BGP4MP_ET message record of the dump, in order. */
export function* scanBgp4mp(dump: Uint8Array): Generator<ScannedMessage> {
  const dv = new DataView(dump.buffer, dump.byteOffset, dump.byteLength);
  let i = 0;
  while (i + 12 <= dump.length) {
    const type = dv.getUint16(i + 4);
    const subtype = dv.getUint16(i + 6);
    const len = dv.getUint32(i + 8);
    let p = i + 12;
    const end = p + len;
    i = end;
    if ((type !== 16 && type !== 17) || !MESSAGE_SUBTYPES.has(subtype)) continue;
    const time = dv.getUint32(p - 12);
    const usec = type === 17 ? dv.getUint32(p) : undefined;
    if (type === 17) p += 4; // microseconds (RFC 6396 §3)
    const asn4 = AS4_SUBTYPES.has(subtype);
    const peerAs = asn4 ? dv.getUint32(p) : dv.getUint16(p);
    p += asn4 ? 8 : 4; // peer AS + local AS
    p += 2; // interface index
    const afi = dv.getUint16(p);
    const ipLen = afi === 2 ? 16 : 4;
    const peerIp = dump.subarray(p + 2, p + 2 + ipLen);
    p += 2 + 2 * ipLen; // peer + local IP
    yield { bytes: dump.subarray(p, end), asn4, addPath: subtype >= 8, time, usec, peerAs, peerIp };
  }
}
