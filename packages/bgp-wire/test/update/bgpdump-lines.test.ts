/**
 * The route lines `bgpdump -m` (Debian 1.6.2) prints for real RIS update dumps, rebuilt from our
 * decode: prefixes, AS path after the RFC 6793 merge (`normalizeAs4`, these are 2-octet
 * records with AS4_PATH), origin, next hop, LOCAL_PREF, MED, communities, atomic aggregate and
 * aggregator. Compared as sorted line sets per file.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { formatCommunityBgpdump } from "../../src/attributes/community-format.js";
import { normalizeAs4 } from "../../src/attributes/normalize-as4.js";
import { createContext } from "../../src/context.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { formatIpv4, formatIpv6Bgpdump, formatPrefixBgpdump } from "../../src/prefix-format.js";
import type { Nlri } from "../../src/types/address.js";
import type { AsPathSegment, PathAttributes } from "../../src/types/attributes.js";
import { sharedFixture } from "./helpers.js";
import { readDump, scanBgp4mp } from "./mrt-scan.js";

const ORIGIN = ["IGP", "EGP", "INCOMPLETE"];

function asPathText(path: readonly AsPathSegment[]): string {
  return path
    .map((s) => {
      const list = s.asns.join(s.type === 1 || s.type === 4 ? "," : " ");
      return s.type === 1 ? `{${list}}` : s.type === 3 ? `(${list})` : s.type === 4 ? `[${list}]` : list;
    })
    .join(" ");
}

function lines(file: string): string[] {
  const out: string[] = [];
  for (const m of scanBgp4mp(readDump(sharedFixture(file)))) {
    if (m.bytes[18] !== 2) continue;
    const msg = decodeUpdateBody(
      m.bytes.subarray(19),
      createContext({ asn4: m.asn4, extendedMessage: true }),
      19,
    );
    expect(msg.problems).toEqual([]);
    const peer =
      m.peerIp.length === 4
        ? formatIpv4(((m.peerIp[0]! << 24) | (m.peerIp[1]! << 16) | (m.peerIp[2]! << 8) | m.peerIp[3]!) >>> 0)
        : formatIpv6Bgpdump(m.peerIp);
    const head =
      m.usec === undefined ? `BGP4MP|${m.time}` : `BGP4MP_ET|${m.time}.${String(m.usec).padStart(6, "0")}`;
    const a: PathAttributes = m.asn4 ? msg.attributes : normalizeAs4(msg.attributes);
    const withdrawn: readonly Nlri[] = [...msg.withdrawn, ...(a.mpUnreach?.withdrawn ?? [])];
    for (const w of withdrawn) out.push(`${head}|W|${peer}|${m.peerAs}|${formatPrefixBgpdump(w.prefix)}`);
    const announce = (list: readonly Nlri[], nh: string) => {
      for (const n of list) {
        const agg = a.aggregator ? `${a.aggregator.asn} ${formatIpv4(a.aggregator.address)}` : "";
        out.push(
          [
            head,
            "A",
            peer,
            m.peerAs,
            formatPrefixBgpdump(n.prefix),
            asPathText(a.asPath ?? []),
            ORIGIN[a.origin ?? 0],
            nh,
            a.localPref ?? 0,
            a.med ?? 0,
            (a.communities ?? []).map(formatCommunityBgpdump).join(" "),
            a.atomicAggregate ? "AG" : "NAG",
            agg,
            "",
          ].join("|"),
        );
      }
    };
    if (a.nextHop) announce(msg.nlri, formatIpv4(a.nextHop.addr));
    const mp = a.mpReach;
    if (mp?.nextHop)
      announce(
        mp.nlri,
        mp.nextHop.afi === 1 ? formatIpv4(mp.nextHop.addr) : formatIpv6Bgpdump(mp.nextHop.addr),
      );
  }
  return out.sort();
}

/** bgpdump's output for a dump: the Debian 1.6.2 `.bgpdump.txt` beside it, else its test_expect file. */
function bgpdumpOutput(file: string): string {
  try {
    return readFileSync(`${sharedFixture(file)}.bgpdump.txt`, "utf8");
  } catch {
    const name = file.split("/").pop();
    return gunzipSync(readFileSync(sharedFixture(`mrt/bgpdump/test_expect/${name}.bgp.gz`))).toString("utf8");
  }
}

describe("bgpdump -m route lines", () => {
  it.each([
    "mrt/bgpdump/test_data/updates.20100722.2015.gz",
    "mrt/bgpdump/test_data/updates.20020722.2238.gz",
    "mrt/bgpdump/test_data/updates.long_withdrawal.gz",
    "mrt/bgpdump/test_data/updates.20070211.0141.gz",
    "mrt/bgpdump/test_data/updates.20071015.1505.gz",
    "mrt/bgpdump/test_data/updates.20160811.1600.gz",
    "mrt/bgpdump/test_data/updates.et-header.2015.gz",
  ])("%s", (file) => {
    const expected = bgpdumpOutput(file)
      .split("\n")
      .filter((l) => /^BGP4MP(_ET)?\|[\d.]+\|[AW]\|/.test(l))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(lines(file)).toEqual(expected);
  });
});
