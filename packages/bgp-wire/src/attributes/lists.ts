/**
 * The list-valued attributes: COMMUNITIES (RFC 1997), CLUSTER_LIST (RFC 4456),
 * EXTENDED_COMMUNITIES (RFC 4360) and LARGE_COMMUNITIES (RFC 8092). Each is a run of fixed-size
 * items, malformed when empty or not a whole number of items (RFC 7606 §7.8, §7.10, §7.14;
 * RFC 8092 §6), which calls for treat-as-withdraw.
 */
import { AttrFlag, AttrType } from "../constants.js";
import { Rfc7606Action, UpdateSubcode } from "../errors.js";
import type { LargeCommunity } from "../types/attributes.js";
import { encodeError } from "../nlri/nlri-error.js";
import { MalformedAttribute } from "./attr-error.js";
import { u32 } from "./read-bytes.js";
import type { AttrDescriptor, AttrSlice } from "./descriptor.js";

const OPTIONAL_TRANSITIVE = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;

function itemCount(s: AttrSlice, size: number, what: string): number {
  if (s.len === 0 || s.len % size !== 0) {
    throw new MalformedAttribute(
      `${what}: length ${s.len} is not a positive multiple of ${size}`,
      UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR,
    );
  }
  return s.len / size;
}

/** What {@link itemCount} accepts: a positive whole number of `size`-octet items. */
function wholeItems(s: AttrSlice, size: number): boolean {
  return s.len !== 0 && s.len % size === 0;
}

function readU32List(s: AttrSlice, what: string): number[] {
  const n = itemCount(s, 4, what);
  const out: number[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = u32(s.bytes, s.start + 4 * k);
  return out;
}

/** COMMUNITIES (RFC 1997): uint32 values in wire order. */
export const communitiesAttr: AttrDescriptor = {
  type: AttrType.COMMUNITIES,
  name: "COMMUNITIES",
  flags: OPTIONAL_TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    out.communities = readU32List(s, "COMMUNITIES");
  },
  check: (s) => wholeItems(s, 4),
  has: (a) => a.communities !== undefined,
  encode(w, a) {
    for (const c of a.communities ?? []) w.u32(c);
  },
};

/** CLUSTER_LIST (RFC 4456 §8): uint32 cluster IDs, most recent first. */
export const clusterListAttr: AttrDescriptor = {
  type: AttrType.CLUSTER_LIST,
  name: "CLUSTER_LIST",
  flags: AttrFlag.OPTIONAL,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    out.clusterList = readU32List(s, "CLUSTER_LIST");
  },
  check: (s) => wholeItems(s, 4),
  has: (a) => a.clusterList !== undefined,
  encode(w, a) {
    for (const c of a.clusterList ?? []) w.u32(c);
  },
};

/** EXTENDED_COMMUNITIES (RFC 4360 §2): 8-byte views into the input. */
export const extendedCommunitiesAttr: AttrDescriptor = {
  type: AttrType.EXTENDED_COMMUNITIES,
  name: "EXTENDED_COMMUNITIES",
  flags: OPTIONAL_TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    const n = itemCount(s, 8, "EXTENDED_COMMUNITIES");
    const list: Uint8Array[] = new Array(n);
    for (let k = 0; k < n; k++) list[k] = s.bytes.subarray(s.start + 8 * k, s.start + 8 * k + 8);
    out.extendedCommunities = list;
  },
  check: (s) => wholeItems(s, 8),
  has: (a) => a.extendedCommunities !== undefined,
  encode(w, a) {
    for (const c of a.extendedCommunities ?? []) {
      if (c.length !== 8) throw encodeError("extended community must be 8 bytes");
      w.bytes(c);
    }
  },
};

/** LARGE_COMMUNITIES (RFC 8092 §3): (global, local1, local2) triples. */
export const largeCommunitiesAttr: AttrDescriptor = {
  type: AttrType.LARGE_COMMUNITIES,
  name: "LARGE_COMMUNITIES",
  flags: OPTIONAL_TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, _ctx, out) {
    const n = itemCount(s, 12, "LARGE_COMMUNITIES");
    const list: LargeCommunity[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const at = s.start + 12 * k;
      list[k] = {
        global: u32(s.bytes, at),
        local1: u32(s.bytes, at + 4),
        local2: u32(s.bytes, at + 8),
      };
    }
    out.largeCommunities = list;
  },
  check: (s) => wholeItems(s, 12),
  has: (a) => a.largeCommunities !== undefined,
  encode(w, a) {
    for (const c of a.largeCommunities ?? []) {
      w.u32(c.global);
      w.u32(c.local1);
      w.u32(c.local2);
    }
  },
};
