/**
 * Loads the RouteViews TABLE_DUMP_V2 fixture (47 peers, 269,914 IPv4 routes; see
 * /work/shared/fixtures/SOURCES.md §1) into a RIB through the bgp-wire MRT reader, one RIB
 * entry per route. The file stays in ../shared/fixtures (1.6 MB compressed) and is read in place.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { type MrtPeer, MrtReader, decodeRibEntryAttributes } from "@tsbgp/bgp-wire";
import { type Peer, Rib, type RibInit } from "@tsbgp/rib";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
/** Path of the fixture, relative to the repository root (CI has ../shared beside the checkout). */
export const ROUTEVIEWS_RIB = `${REPO}../shared/fixtures/mrt/routeviews/rib.20140523.0600.first-complete-records.mrt.gz`;

/** The loaded RIB with the MRT peer index mapped to RIB peers. */
export interface LoadedRib {
  readonly rib: Rib;
  readonly peers: readonly Peer[];
  readonly mrtPeers: readonly MrtPeer[];
  readonly records: number;
  readonly routes: number;
}

/** Decompresses and loads the fixture. AS 4200000000 (private, absent from the data) is ours. */
export function loadRouteViews(init: Partial<RibInit> = {}): LoadedRib {
  const gz = gunzipSync(readFileSync(ROUTEVIEWS_RIB));
  const reader = new MrtReader(new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength));
  const rib = new Rib({ asn: 4200000000, routerId: 0x0a000001, schedule: null, ...init });
  let peers: Peer[] = [];
  let mrtPeers: readonly MrtPeer[] = [];
  let records = 0;
  let routes = 0;
  for (const rec of reader) {
    if (rec.type === "PEER_INDEX_TABLE") {
      mrtPeers = rec.peers;
      peers = rec.peers.map((p, i) =>
        rib.addPeer({ name: `mrt${i}`, address: p.ip, asn: p.asn, routerId: p.bgpId }),
      );
      continue;
    }
    if (rec.type !== "RIB") continue;
    records++;
    for (const e of rec.entries) {
      const { attributes } = decodeRibEntryAttributes(rec, e);
      rib.announce(peers[e.peerIndex]!, rec.prefix, attributes);
      routes++;
    }
  }
  return { rib, peers, mrtPeers, records, routes };
}
