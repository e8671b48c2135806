import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type AsPathSegment,
  MrtReader,
  type MrtRecord,
  decodeBgp4mpMessage,
  decodeRibEntryAttributes,
  decodeTableDumpAttributes,
  expandRibAttributes,
  formatIpv4,
  formatIpv6,
  mrtContext,
} from "@tsbgp/bgp-wire";
import { local, readMaybeGzip, shared } from "./fixture-paths.js";

function all(path: string): MrtRecord[] {
  return [...new MrtReader(readMaybeGzip(path))];
}

/** AS path text in bgpdump's notation (sequence spaced, {set}, (confed seq), [confed set]). */
function pathText(segs: readonly AsPathSegment[] | undefined): string {
  if (!segs) return "";
  return segs
    .map((s) => {
      if (s.type === 2) return s.asns.join(" ");
      if (s.type === 1) return `{${s.asns.join(",")}}`;
      if (s.type === 3) return `(${s.asns.join(" ")})`;
      return `[${s.asns.join(",")}]`;
    })
    .join(" ");
}

describe("BGP content of MRT records, decoded with the codec", () => {
  it("RIB entries of the RouteViews dump match bgpdump's first 1000 lines", () => {
    const lines = readFileSync(
      shared("routeviews/rib.20140523.0600.first-complete-records.first1000.bgpdump.txt"),
      "utf8",
    )
      .trimEnd()
      .split("\n");
    const recs = all(shared("routeviews/rib.20140523.0600.first-complete-records.mrt.gz"));
    const pit = recs[0];
    if (pit?.type !== "PEER_INDEX_TABLE") throw new Error("no peer table");
    let i = 0;
    for (const r of recs) {
      if (r.type !== "RIB" || i >= lines.length) continue;
      for (const e of r.entries) {
        if (i >= lines.length) break;
        const f = lines[i++]!.split("|");
        const { attributes: a, problems } = decodeRibEntryAttributes(r, e);
        expect(problems).toEqual([]);
        const peer = pit.peers[e.peerIndex]!;
        const got = [
          peer.ip.afi === 1 ? formatIpv4(peer.ip.addr) : formatIpv6(peer.ip.addr),
          String(peer.asn),
          `${formatIpv4((r.prefix as { addr: number }).addr)}/${r.prefix.len}`,
          pathText(a.asPath),
          ["IGP", "EGP", "INCOMPLETE"][a.origin ?? 2],
          a.nextHop ? formatIpv4(a.nextHop.addr) : "",
          String(a.localPref ?? 0),
          String(a.med ?? 0),
          (a.communities ?? []).map((c) => `${c >>> 16}:${c & 0xffff}`).join(" "),
          a.atomicAggregate ? "AG" : "NAG",
          a.aggregator ? `${a.aggregator.asn} ${formatIpv4(a.aggregator.address)}` : "",
        ];
        expect(got).toEqual(f.slice(3, 14));
      }
    }
    expect(i).toBe(lines.length);
  });

  it("IPv6 RIB entries: the abbreviated MP_REACH_NLRI is expanded with the record's prefix", () => {
    const recs = [...new MrtReader(readMaybeGzip(local("openbgpd_rib_table-v2")))];
    const rib = recs.find((r) => r.type === "RIB" && r.afi === 2);
    if (rib?.type !== "RIB") throw new Error("no IPv6 RIB record");
    // bgpdump: TABLE_DUMP2|1444842656|B|2001:db8:0:1::10|65000|2001:db8::/64||INCOMPLETE|2001:db8:0:1::10|100|1||NAG||
    expect(formatIpv6((rib.prefix as { addr: Uint8Array }).addr)).toBe("2001:db8::");
    const e = rib.entries[0]!;
    expect(expandRibAttributes(rib, e).length).toBeGreaterThan(e.attributes.length);
    const { attributes: a, problems } = decodeRibEntryAttributes(rib, e);
    expect(problems).toEqual([]);
    expect(a.mpReach?.nlri.map((n) => n.prefix)).toEqual([rib.prefix]);
    const nh = a.mpReach?.nextHop;
    expect(nh?.afi === 2 && formatIpv6(nh.addr)).toBe("2001:db8:0:1::10");
    expect([a.localPref, a.med, a.origin]).toEqual([100, 1, 2]);
  });

  it("a full-form MP_REACH_NLRI (Quagga) is left as it is and decodes", () => {
    const recs = [...new MrtReader(readMaybeGzip(local("quagga_rib")))];
    const rib = recs.find((r) => r.type === "RIB" && r.afi === 2);
    if (rib?.type !== "RIB") throw new Error("no IPv6 RIB record");
    // bgpdump: ...|fd01:1::/64|...|IGP|fd02::10|... and ...|fd01:1::/64|...|IGP|::ffff:192.168.0.10|...
    const hops = rib.entries.map((e) => {
      expect(expandRibAttributes(rib, e)).toBe(e.attributes);
      const nh = decodeRibEntryAttributes(rib, e).attributes.mpReach?.nextHop;
      return nh?.afi === 2 ? formatIpv6(nh.addr) : "";
    });
    expect(hops).toEqual(["fd02::10", "::ffff:192.168.0.10"]);
  });

  it("attributes without MP_REACH_NLRI are left as they are", () => {
    const recs = all(shared("bgpdump/test_data/bview.ipv6_unicast_add_path.gz"));
    const rib = recs.find((r) => r.type === "RIB");
    if (rib?.type !== "RIB") throw new Error("no RIB record");
    const e = rib.entries[0]!;
    expect(expandRibAttributes(rib, e)).toBe(e.attributes);
  });

  it("every UPDATE of the BGP4MP_ET session decodes; NLRI count matches bgpdump's A lines", () => {
    const recs = all(shared("bgpdump/test_data/updates.et-header.2015.gz"));
    let announced = 0;
    let withdrawn = 0;
    let problems = 0;
    let withoutReflectorAttrs = 0;
    const types = new Map<string, number>();
    for (const r of recs) {
      if (r.type !== "BGP4MP_MESSAGE") continue;
      const m = decodeBgp4mpMessage(r);
      types.set(m.type, (types.get(m.type) ?? 0) + 1);
      if (m.type !== "UPDATE") continue;
      problems += m.problems?.length ?? 0;
      announced += m.nlri.length + (m.attributes.mpReach?.nlri.length ?? 0);
      withdrawn += m.withdrawn.length + (m.attributes.mpUnreach?.withdrawn.length ?? 0);
      // iBGP from a route reflector: every UPDATE with NLRI has ORIGINATOR_ID and CLUSTER_LIST.
      const a = m.attributes;
      if (m.nlri.length > 0 && (a.originatorId === undefined || !a.clusterList)) withoutReflectorAttrs++;
    }
    expect([announced, withdrawn, problems, withoutReflectorAttrs]).toEqual([577_737, 3, 0, 0]);
    expect(types.get("OPEN")).toBe(1);
    expect(types.get("KEEPALIVE")).toBe(2);
    expect(types.get("UPDATE")).toBe(89_679);
  });

  it("ADD-PATH subtypes decode path identifiers; 2-octet subtypes keep AS_TRANS + AS4_PATH", () => {
    const ap = all(shared("mrtparse/bird-mrtdump_bgp")).filter(
      (r) => r.type === "BGP4MP_MESSAGE" && r.addPath,
    );
    const ids = ap.flatMap((r) => {
      if (r.type !== "BGP4MP_MESSAGE") return [];
      const m = decodeBgp4mpMessage(r);
      return m.type === "UPDATE" ? m.nlri.map((n) => n.pathId) : [];
    });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((x) => typeof x === "number")).toBe(true);
    expect(mrtContext(true, true).addPathReceive.has("1/1")).toBe(true);

    const two = all(shared("bgpdump/test_data/updates.20100722.2015.gz"));
    let as4PathSeen = 0;
    for (const r of two) {
      if (r.type !== "BGP4MP_MESSAGE" || r.as4) continue;
      const m = decodeBgp4mpMessage(r);
      if (m.type === "UPDATE" && m.attributes.as4Path) {
        as4PathSeen++;
        expect(pathText(m.attributes.asPath)).toMatch(/23456/);
      }
    }
    expect(as4PathSeen).toBeGreaterThan(0);
  });

  it("TABLE_DUMP attributes decode with 2-octet AS numbers", () => {
    const recs = all(shared("bgpdump/test_data/bview.20020722.2337.gz")).slice(0, 50);
    const first = recs[0];
    if (first?.type !== "TABLE_DUMP") throw new Error("no TABLE_DUMP");
    const { attributes: a } = decodeTableDumpAttributes(first);
    // bgpdump: TABLE_DUMP|1027381055|B|193.203.0.1|1853|3.0.0.0/8|1853 1239 80|IGP|193.203.0.1|0|0||NAG||
    expect(pathText(a.asPath)).toBe("1853 1239 80");
    expect(a.nextHop && formatIpv4(a.nextHop.addr)).toBe("193.203.0.1");
  });
});
