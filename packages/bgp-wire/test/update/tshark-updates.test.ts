/**
 * UPDATEs captured by the tcpdump regression suite, checked against tshark 4.0.17's decode of
 * the same bytes; the deliberately malformed (fuzzer) captures must give the RFC 7606 outcome
 * listed below and never anything but a BgpWireError.
 */
import { describe, expect, it } from "vitest";
import { isModelledFamily } from "../../src/attributes/mp-nlri.js";
import { createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody, type LazyUpdateMessage } from "../../src/message/update.js";
import { formatIpv4, formatIpv6, formatPrefix } from "../../src/prefix-format.js";
import type { Nlri } from "../../src/types/address.js";
import { encodeBody, fromHex, readJsonl, sameBytes } from "./helpers.js";
import {
  asPathWidth,
  findAll,
  isMalformed,
  many,
  pathAttributes,
  prefixes,
  type Tree,
} from "./tshark-tree.js";

interface Row {
  file: string;
  packet_index: number;
  msg_index: number;
  hex: string;
  decoded: Tree;
}

const rows = readJsonl<Row>("update/tshark-update.jsonl");
const id = (r: Row): string => `${r.file}#${r.packet_index}.${r.msg_index}`;
const FUZZED = /oobr|bgp-ub|infinite-loop|malformed|invalid/;

function decode(r: Row): LazyUpdateMessage {
  // The session parameters are not in one message: take tshark's AS width, and ADD-PATH if it
  // printed path identifiers.
  const ap = JSON.stringify(r.decoded).includes("bgp.nlri_path_id");
  const ctx = createContext({
    asn4: asPathWidth(r.decoded) === 4,
    extendedMessage: true,
    ...(ap ? { addPathReceive: ["1/1", "2/1"] as const, addPathSend: ["1/1", "2/1"] as const } : {}),
  });
  const msg = decodeUpdateBody(fromHex(r.hex).subarray(19), ctx, 19);
  return Object.assign(msg, { ctx }) as LazyUpdateMessage;
}

function ours(list: readonly Nlri[]): string[] {
  return list.map((e) => `${formatPrefix(e.prefix)}${e.pathId !== undefined ? `#${e.pathId}` : ""}`).sort();
}

function attr(r: Row, type: number): Tree | undefined {
  return pathAttributes(r.decoded).find((a) => a["bgp.update.path_attribute.type_code"] === String(type));
}

function field(t: Tree | undefined, key: string): string | undefined {
  return t?.[`bgp.update.path_attribute.${key}`] as string | undefined;
}

function asns(t: Tree | undefined): number[] {
  return findAll(t, "bgp.update.path_attribute.as_path_segment.type").flatMap((seg) =>
    many(
      (seg["bgp.update.path_attribute.as_path_segment.as4"] ??
        seg["bgp.update.path_attribute.as_path_segment.as2"]) as string | string[],
    ).map(Number),
  );
}

const clean = rows.filter((r) => !FUZZED.test(r.file) && !isMalformed(r.decoded));

describe("tshark-decoded UPDATEs", () => {
  it("has the captured corpus", () => {
    expect(rows.length).toBe(120);
    expect(clean.length).toBe(84);
  });

  it.each(clean.map((r) => [id(r), r] as const))("%s: key fields agree with tshark", (_id, r) => {
    const msg = decode(r);
    const d = r.decoded;
    const a = msg.attributes;
    // BGPsec UPDATEs carry BGPsec_PATH (type 33) instead of AS_PATH; without BGPsec negotiated
    // (we do not implement RFC 8205) AS_PATH is missing: treat-as-withdraw (RFC 7606 §3 (d)).
    if (r.file === "bgp-bgpsec.pcap" && msg.nlriCount + (a.mpReach?.nlri.length ?? 0) > 0) {
      expect(msg.action).toBe("treat-as-withdraw");
      expect(msg.problems.map((p) => [p.subcode, [...p.data]])).toEqual([[3, [2]]]);
    } else expect(msg.problems).toEqual([]);

    expect(String(msg.withdrawnBytes.length)).toBe(d["bgp.update.withdrawn_routes.length"] ?? "0");
    expect(String(msg.attributeBytes.length)).toBe(d["bgp.update.path_attributes.length"] ?? "0");
    const tAttrs = pathAttributes(d);
    expect(a.wire?.order ?? []).toEqual(tAttrs.map((t) => Number(field(t, "type_code"))));
    expect(a.wire?.flags ?? []).toEqual(tAttrs.map((t) => Number(field(t, "flags"))));

    expect(a.origin).toBe(
      field(attr(r, 1), "origin") === undefined ? undefined : Number(field(attr(r, 1), "origin")),
    );
    expect(a.nextHop && formatIpv4(a.nextHop.addr)).toBe(field(attr(r, 3), "next_hop"));
    expect(a.med?.toString()).toBe(field(attr(r, 4), "multi_exit_disc"));
    expect(a.localPref?.toString()).toBe(field(attr(r, 5), "local_pref"));
    expect(a.originatorId === undefined ? undefined : formatIpv4(a.originatorId)).toBe(
      field(attr(r, 9), "originator_id"),
    );
    expect((a.asPath ?? []).flatMap((s) => s.asns)).toEqual(asns(attr(r, 2)));
    expect((a.as4Path ?? []).flatMap((s) => s.asns)).toEqual(asns(attr(r, 17)));
    const large = findAll(attr(r, 32), "bgp.large_communities.ga").map(
      (t) =>
        `${t["bgp.large_communities.ga"]}:${t["bgp.large_communities.ldp1"]}:${t["bgp.large_communities.ldp2"]}`,
    );
    expect((a.largeCommunities ?? []).map((c) => `${c.global}:${c.local1}:${c.local2}`)).toEqual(large);

    expect(ours(msg.nlri)).toEqual([...new Set(prefixes(d["bgp.update.nlri"], "bgp.nlri_prefix"))].sort());
    expect(ours(msg.withdrawn)).toEqual(
      [...new Set(prefixes(d["bgp.update.withdrawn_routes"], "bgp.withdrawn_prefix"))].sort(),
    );
    const mp = a.mpReach;
    if (mp && isModelledFamily(mp.afi, mp.safi)) {
      const t = attr(r, 14);
      const key = mp.afi === 1 ? "bgp.mp_reach_nlri_ipv4_prefix" : "bgp.mp_reach_nlri_ipv6_prefix";
      expect(ours(mp.nlri)).toEqual([...new Set(prefixes(t, key))].sort());
      const nhTree = t?.["bgp.update.path_attribute.mp_reach_nlri.next_hop_tree"] as Tree | undefined;
      const nh = mp.nextHop!;
      const expectedNh =
        nhTree?.[`bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv${nh.afi === 1 ? 4 : 6}`];
      expect(nh.afi === 1 ? formatIpv4(nh.addr) : formatIpv6(nh.addr)).toBe(expectedNh);
      const ll = nhTree?.["bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6.link_local"];
      expect(mp.linkLocal && formatIpv6(mp.linkLocal.addr)).toBe(ll);
    }
    const un = a.mpUnreach;
    if (un && isModelledFamily(un.afi, un.safi)) {
      const key = un.afi === 1 ? "bgp.mp_unreach_nlri_ipv4_prefix" : "bgp.mp_unreach_nlri_ipv6_prefix";
      expect(ours(un.withdrawn)).toEqual([...new Set(prefixes(attr(r, 15), key))].sort());
    }

    const ctx = (msg as unknown as { ctx: Parameters<typeof encodeBody>[1] }).ctx;
    expect(sameBytes(encodeBody(msg, ctx), fromHex(r.hex).subarray(19))).toBe(true);
  });

  /**
   * What each deliberately malformed (or fuzzer-found) message gives. `throw c/s action`: the
   * decoder throws that BgpWireError; `problems ...`: it decodes with those RFC 7606 problems;
   * `clean`: nothing we decode is wrong (the fault is inside a family kept raw, such as a VPN
   * prefix length tshark rejects, or in a part tshark misreads).
   */
  const EXPECTED: Record<string, string> = {
    "bgp-aigp-oobr.pcap#0.0": "throw 3/2 session-reset", // unrecognized well-known type 171
    "bgp-aigp-oobr.pcap#0.1": "clean",
    "bgp-aigp-oobr.pcap#0.2": "throw 3/2 session-reset",
    "bgp-aigp-oobr.pcap#0.3": "clean",
    "bgp-aigp-oobr.pcap#0.4": "problems treat-as-withdraw 3/5", // ORIGINATOR_ID overruns the field (RFC 7606 §4)
    "bgp-aigp-oobr.pcap#0.5": "clean",
    "bgp-aigp-oobr.pcap#0.6": "clean",
    "bgp-aigp-oobr.pcap#0.7": "clean",
    "bgp-aigp-oobr.pcap#0.8": "throw 3/2 session-reset",
    "bgp-as-path-oobr.pcap#0.0": "clean",
    "bgp-as-path-oobr.pcap#0.1": "clean",
    "bgp-as-path-oobr.pcap#0.2": "problems treat-as-withdraw 3/9 3/5", // CLUSTER_LIST 37 bytes; then an overrun
    "bgp-as-path-oobr.pcap#0.3": "clean",
    "bgp-as-path-oobr.pcap#0.4": "throw 3/1 session-reset", // Total Path Attribute Length past the body
    "bgp-as-path-oobr.pcap#0.5": "throw 3/2 session-reset",
    "bgp-as-path-oobr.pcap#1.1": "throw 3/2 session-reset",
    "bgp-as-path-oobr.pcap#1.2": "clean",
    "bgp-as-path-oobr.pcap#1.3": "throw 3/2 session-reset",
    "bgp-as-path-oobr.pcap#2.1": "throw 3/2 session-reset",
    "bgp-as-path-oobr.pcap#2.2": "clean",
    "bgp-as-path-oobr.pcap#2.3": "problems treat-as-withdraw 3/5",
    "bgp-as-path-oobr.pcap#2.4": "throw 3/2 session-reset",
    "bgp-infinite-loop.pcap#0.0": "throw 3/1 session-reset", // 19-byte UPDATE: no body at all
    "bgp-infinite-loop.pcap#1.0": "throw 3/1 session-reset",
    "bgp-infinite-loop.pcap#2.0": "throw 3/1 session-reset",
    "bgp-infinite-loop.pcap#3.0": "throw 3/1 session-reset",
    "bgp-ub.pcap#0.1": "clean",
    "bgp-ub.pcap#0.2": "problems treat-as-withdraw 3/9 3/5",
    "bgp-ub.pcap#0.3": "clean",
    "bgp-ub.pcap#0.4": "throw 3/1 session-reset",
    "bgp_mp_reach_nlri-oobr.pcap#0.1": "throw 3/1 session-reset",
    "bgp_mvpn_6_and_7_oobr.pcap#0.0": "throw 3/1 session-reset",
    "bgp_pmsi_tunnel-oobr.pcap#0.0": "throw 3/1 session-reset",
    "bgp_vpn_rt-oobr.pcap#0.0": "throw 3/1 session-reset",
    // BGPsec_PATH instead of AS_PATH (see above), with a broken signature block we keep raw.
    "bgpsec_invalid_signature_block_length.pcap#0.0": "problems treat-as-withdraw 3/3",
    // Two MP_REACH_NLRI attributes: Malformed Attribute List, session reset (RFC 7606 §3 (g)).
    "bgp-addpath.pcap#0.0": "throw 3/1 session-reset",
  };

  const negative = rows.filter((r) => FUZZED.test(r.file) || isMalformed(r.decoded));

  it("lists an outcome for every malformed capture", () => {
    expect(negative.map(id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(negative.map((r) => [id(r), r] as const))("%s gives the listed RFC 7606 outcome", (key, r) => {
    let outcome: string;
    try {
      const msg = decode(r);
      outcome =
        msg.problems.length === 0
          ? "clean"
          : `problems ${msg.action} ${msg.problems.map((p) => `${p.code}/${p.subcode}`).join(" ")}`;
      // Reading every section never throws once decodeUpdateBody has returned.
      expect(() => [msg.nlri, msg.withdrawn, msg.attributes]).not.toThrow();
    } catch (e) {
      if (!(e instanceof BgpWireError)) throw e;
      outcome = `throw ${e.code}/${e.subcode} ${e.action}`;
    }
    expect(outcome).toBe(EXPECTED[key]);
  });
});
