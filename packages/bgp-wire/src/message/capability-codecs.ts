/**
 * One descriptor per capability code (BIRD style: a table, not a class per capability). A
 * decoder returns `null` when the value is not in the canonical form its encoder writes (bad
 * length, reserved bits set, invalid UTF-8); the caller then keeps the capability raw, so
 * decode → encode always reproduces the received bytes.
 */
import { CapabilityCode } from "../constants.js";
import { BgpWireError, ErrorCode } from "../errors.js";
import type { AddPathMode, Capability, GracefulRestartFamily, LlgrFamily } from "../types/capabilities.js";
import type { ByteWriter } from "../writer.js";
import { checkUint, u16, u24, u32 } from "./read-write.js";

/** Decoder and encoder of one capability value (the bytes after code and length). */
interface CapabilityCodec {
  decode(v: Uint8Array): Capability | null;
  encode(w: ByteWriter, cap: Capability): void;
}

/** Encoding failures of OPEN content map to OPEN Message Error / Unspecific. */
const OPEN_ERR = { code: ErrorCode.OPEN_MESSAGE, subcode: 0 } as const;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function text(v: Uint8Array): string | null {
  try {
    return utf8.decode(v);
  } catch {
    return null;
  }
}

/** Capabilities with an empty value: Route Refresh (RFC 2918 §2), Extended Message (RFC 8654 §3), Enhanced Route Refresh (RFC 7313 §3.1). */
function empty(code: 2 | 6 | 70): CapabilityCodec {
  return {
    decode: (v) => (v.length === 0 ? ({ code } as Capability) : null),
    encode: () => {},
  };
}

/** Graceful restart flag bits (RFC 4724 §3, RFC 8538 §2 for N). */
const GR_RESTARTING = 0x80;
const GR_NOTIFICATION = 0x40;
const FORWARDING_PRESERVED = 0x80;

const codecs: ReadonlyMap<number, CapabilityCodec> = new Map<number, CapabilityCodec>([
  [
    CapabilityCode.MULTIPROTOCOL,
    {
      // RFC 4760 §8: AFI (2), Reserved (1, zero), SAFI (1).
      decode: (v) => (v.length === 4 && v[2] === 0 ? { code: 1, afi: u16(v, 0), safi: v[3]! } : null),
      encode: (w, c) => {
        if (c.code !== 1 || "raw" in c) return;
        checkUint(c.afi, 16, "AFI", OPEN_ERR);
        checkUint(c.safi, 8, "SAFI", OPEN_ERR);
        w.u16(c.afi);
        w.u8(0);
        w.u8(c.safi);
      },
    },
  ],
  [CapabilityCode.ROUTE_REFRESH, empty(2)],
  [
    CapabilityCode.EXTENDED_NEXT_HOP,
    {
      // RFC 8950 §3: tuples of NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2).
      decode: (v) => {
        if (v.length % 6 !== 0) return null;
        const entries = [];
        for (let i = 0; i < v.length; i += 6) {
          entries.push({ afi: u16(v, i), safi: u16(v, i + 2), nextHopAfi: u16(v, i + 4) });
        }
        return { code: 5, entries };
      },
      encode: (w, c) => {
        if (c.code !== 5 || "raw" in c) return;
        for (const e of c.entries) {
          checkUint(e.afi, 16, "AFI", OPEN_ERR);
          checkUint(e.safi, 16, "SAFI", OPEN_ERR);
          checkUint(e.nextHopAfi, 16, "next hop AFI", OPEN_ERR);
          w.u16(e.afi);
          w.u16(e.safi);
          w.u16(e.nextHopAfi);
        }
      },
    },
  ],
  [CapabilityCode.EXTENDED_MESSAGE, empty(6)],
  [
    CapabilityCode.BGP_ROLE,
    {
      // RFC 9234 §4.1: one octet.
      decode: (v) => (v.length === 1 ? { code: 9, role: v[0]! } : null),
      encode: (w, c) => {
        if (c.code !== 9 || "raw" in c) return;
        checkUint(c.role, 8, "role", OPEN_ERR);
        w.u8(c.role);
      },
    },
  ],
  [
    CapabilityCode.GRACEFUL_RESTART,
    {
      // RFC 4724 §3: Restart Flags (4 bits) + Restart Time (12 bits), then AFI (2), SAFI (1), Flags (1).
      decode: (v) => {
        if (v.length < 2 || (v.length - 2) % 4 !== 0 || (v[0]! & 0x30) !== 0) return null;
        const families: GracefulRestartFamily[] = [];
        for (let i = 2; i < v.length; i += 4) {
          const flags = v[i + 3]!;
          if ((flags & ~FORWARDING_PRESERVED) !== 0) return null;
          families.push({ afi: u16(v, i), safi: v[i + 2]!, forwardingPreserved: flags !== 0 });
        }
        return {
          code: 64,
          restarting: (v[0]! & GR_RESTARTING) !== 0,
          notification: (v[0]! & GR_NOTIFICATION) !== 0,
          restartTime: u16(v, 0) & 0x0fff,
          families,
        };
      },
      encode: (w, c) => {
        if (c.code !== 64 || "raw" in c) return;
        checkUint(c.restartTime, 12, "restart time", OPEN_ERR);
        const flags = (c.restarting ? GR_RESTARTING : 0) | (c.notification ? GR_NOTIFICATION : 0);
        w.u16((flags << 8) | c.restartTime);
        for (const f of c.families) {
          checkUint(f.afi, 16, "AFI", OPEN_ERR);
          checkUint(f.safi, 8, "SAFI", OPEN_ERR);
          w.u16(f.afi);
          w.u8(f.safi);
          w.u8(f.forwardingPreserved ? FORWARDING_PRESERVED : 0);
        }
      },
    },
  ],
  [
    CapabilityCode.FOUR_OCTET_AS,
    {
      // RFC 6793 §3: the 4-octet AS number.
      decode: (v) => (v.length === 4 ? { code: 65, asn: u32(v, 0) } : null),
      encode: (w, c) => {
        if (c.code !== 65 || "raw" in c) return;
        checkUint(c.asn, 32, "AS number", OPEN_ERR);
        w.u32(c.asn);
      },
    },
  ],
  [
    CapabilityCode.ADD_PATH,
    {
      // RFC 7911 §4: AFI (2), SAFI (1), Send/Receive (1) = 1, 2 or 3.
      decode: (v) => {
        if (v.length % 4 !== 0) return null;
        const entries = [];
        for (let i = 0; i < v.length; i += 4) {
          const mode = v[i + 3]!;
          if (mode < 1 || mode > 3) return null;
          entries.push({ afi: u16(v, i), safi: v[i + 2]!, mode: mode as AddPathMode });
        }
        return { code: 69, entries };
      },
      encode: (w, c) => {
        if (c.code !== 69 || "raw" in c) return;
        for (const e of c.entries) {
          checkUint(e.afi, 16, "AFI", OPEN_ERR);
          checkUint(e.safi, 8, "SAFI", OPEN_ERR);
          w.u16(e.afi);
          w.u8(e.safi);
          w.u8(e.mode);
        }
      },
    },
  ],
  [CapabilityCode.ENHANCED_ROUTE_REFRESH, empty(70)],
  [
    CapabilityCode.LONG_LIVED_GRACEFUL_RESTART,
    {
      // RFC 9494 §3: AFI (2), SAFI (1), Flags (1), Long-lived Stale Time (3).
      decode: (v) => {
        if (v.length % 7 !== 0) return null;
        const families: LlgrFamily[] = [];
        for (let i = 0; i < v.length; i += 7) {
          const flags = v[i + 3]!;
          if ((flags & ~FORWARDING_PRESERVED) !== 0) return null;
          families.push({
            afi: u16(v, i),
            safi: v[i + 2]!,
            forwardingPreserved: flags !== 0,
            staleTime: u24(v, i + 4),
          });
        }
        return { code: 71, families };
      },
      encode: (w, c) => {
        if (c.code !== 71 || "raw" in c) return;
        for (const f of c.families) {
          checkUint(f.afi, 16, "AFI", OPEN_ERR);
          checkUint(f.safi, 8, "SAFI", OPEN_ERR);
          checkUint(f.staleTime, 24, "long-lived stale time", OPEN_ERR);
          w.u16(f.afi);
          w.u8(f.safi);
          w.u8(f.forwardingPreserved ? FORWARDING_PRESERVED : 0);
          w.u8(f.staleTime >>> 16);
          w.u16(f.staleTime & 0xffff);
        }
      },
    },
  ],
  [
    CapabilityCode.FQDN,
    {
      // draft-walton-bgp-hostname-capability §3: Hostname Len (1), Hostname, Domain Len (1), Domain.
      decode: (v) => {
        if (v.length < 2) return null;
        const hl = v[0]!;
        if (1 + hl + 1 > v.length) return null;
        const dl = v[1 + hl]!;
        if (2 + hl + dl !== v.length) return null;
        const hostname = text(v.subarray(1, 1 + hl));
        const domain = text(v.subarray(2 + hl));
        return hostname === null || domain === null ? null : { code: 73, hostname, domain };
      },
      encode: (w, c) => {
        if (c.code !== 73 || "raw" in c) return;
        for (const s of [c.hostname, c.domain]) {
          const b = utf8Encoder.encode(s);
          checkUint(b.length, 8, "FQDN name length", OPEN_ERR);
          w.u8(b.length);
          w.bytes(b);
        }
      },
    },
  ],
]);

/**
 * Decodes one capability value. Unknown codes, and known ones whose value is not in canonical
 * form, come back as a {@link RawCapability} aliasing `value`.
 */
export function decodeCapability(code: number, value: Uint8Array): Capability {
  return codecs.get(code)?.decode(value) ?? { code, raw: true, value };
}

/** Appends the value of one capability (without code and length) to `w`. */
export function encodeCapabilityValue(w: ByteWriter, cap: Capability): void {
  if ("raw" in cap) {
    w.bytes(cap.value);
    return;
  }
  const codec = codecs.get(cap.code);
  if (codec === undefined) {
    // A non-raw capability object whose code we do not model: the union forbids it, but plain JS callers may try.
    throw new BgpWireError(
      `capability code ${cap.code} is not modelled: pass { code, raw: true, value }`,
      OPEN_ERR,
    );
  }
  codec.encode(w, cap);
}
