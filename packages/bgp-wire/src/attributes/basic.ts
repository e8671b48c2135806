/**
 * The fixed-size attributes: ORIGIN, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE and
 * ORIGINATOR_ID. Each table entry names the RFC 7606 §7 action for a malformed value.
 */
import { AttrFlag, AttrType, type OriginCode } from "../constants.js";
import { Rfc7606Action, UpdateSubcode } from "../errors.js";
import { MalformedAttribute } from "./attr-error.js";
import { u32 } from "./read-bytes.js";
import type { AttrDescriptor, AttrSlice } from "./descriptor.js";

const WELL_KNOWN = AttrFlag.TRANSITIVE;
const OPTIONAL_NON_TRANSITIVE = AttrFlag.OPTIONAL;

function expectLength(s: AttrSlice, len: number, what: string): void {
  if (s.len !== len) {
    throw new MalformedAttribute(
      `${what}: length ${s.len}, expected ${len}`,
      UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
    );
  }
}

/** ORIGIN (RFC 4271 §5.1.1); malformed → treat-as-withdraw (RFC 7606 §7.1). */
export const originAttr: AttrDescriptor = {
  type: AttrType.ORIGIN,
  name: "ORIGIN",
  flags: WELL_KNOWN,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    expectLength(s, 1, "ORIGIN");
    const v = s.bytes[s.start] as number;
    if (v > 2)
      throw new MalformedAttribute(`ORIGIN: undefined value ${v}`, UpdateSubcode.INVALID_ORIGIN_ATTRIBUTE);
    out.origin = v as OriginCode;
  },
  check: (s) => s.len === 1 && (s.bytes[s.start] as number) <= 2,
  has: (a) => a.origin !== undefined,
  encode(w, a) {
    w.u8(a.origin as number);
  },
};

/**
 * NEXT_HOP (RFC 4271 §5.1.3); a length other than 4 → treat-as-withdraw (RFC 7606 §7.3). The
 * semantic checks (martians, own address) belong to the receiving speaker, not the codec.
 */
export const nextHopAttr: AttrDescriptor = {
  type: AttrType.NEXT_HOP,
  name: "NEXT_HOP",
  flags: WELL_KNOWN,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    expectLength(s, 4, "NEXT_HOP");
    out.nextHop = { afi: 1, addr: u32(s.bytes, s.start) };
  },
  check: (s) => s.len === 4,
  has: (a) => a.nextHop !== undefined,
  encode(w, a) {
    w.u32(a.nextHop?.addr ?? 0);
  },
};

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4); bad length → treat-as-withdraw (RFC 7606 §7.4). */
export const medAttr: AttrDescriptor = {
  type: AttrType.MULTI_EXIT_DISC,
  name: "MULTI_EXIT_DISC",
  flags: OPTIONAL_NON_TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    expectLength(s, 4, "MULTI_EXIT_DISC");
    out.med = u32(s.bytes, s.start);
  },
  check: (s) => s.len === 4,
  has: (a) => a.med !== undefined,
  encode(w, a) {
    w.u32(a.med as number);
  },
};

/**
 * LOCAL_PREF (RFC 4271 §5.1.5); bad length → treat-as-withdraw (RFC 7606 §7.5; the "discard
 * when from an external peer" variant needs the session type, which the codec does not know).
 */
export const localPrefAttr: AttrDescriptor = {
  type: AttrType.LOCAL_PREF,
  name: "LOCAL_PREF",
  flags: WELL_KNOWN,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    expectLength(s, 4, "LOCAL_PREF");
    out.localPref = u32(s.bytes, s.start);
  },
  check: (s) => s.len === 4,
  has: (a) => a.localPref !== undefined,
  encode(w, a) {
    w.u32(a.localPref as number);
  },
};

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6); non-zero length → attribute discard (RFC 7606 §7.6). */
export const atomicAggregateAttr: AttrDescriptor = {
  type: AttrType.ATOMIC_AGGREGATE,
  name: "ATOMIC_AGGREGATE",
  flags: WELL_KNOWN,
  onError: Rfc7606Action.ATTRIBUTE_DISCARD,
  decode(s, _ctx, out) {
    expectLength(s, 0, "ATOMIC_AGGREGATE");
    out.atomicAggregate = true;
  },
  check: (s) => s.len === 0,
  has: (a) => a.atomicAggregate === true,
  encode() {},
};

/** ORIGINATOR_ID (RFC 4456 §8); bad length → treat-as-withdraw (RFC 7606 §7.9). */
export const originatorIdAttr: AttrDescriptor = {
  type: AttrType.ORIGINATOR_ID,
  name: "ORIGINATOR_ID",
  flags: OPTIONAL_NON_TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    expectLength(s, 4, "ORIGINATOR_ID");
    out.originatorId = u32(s.bytes, s.start);
  },
  check: (s) => s.len === 4,
  has: (a) => a.originatorId !== undefined,
  encode(w, a) {
    w.u32(a.originatorId as number);
  },
};
