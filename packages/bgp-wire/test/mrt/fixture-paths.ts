/** Where the MRT tests find their inputs: small copies here, big files in ../shared/fixtures. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));

/** The package's own small fixtures (see test/fixtures/mrt/PROVENANCE.md). */
export const LOCAL_MRT = resolve(here, "../fixtures/mrt");

/** The shared fixture tree beside the repository checkout (`<repo>/../shared/fixtures/mrt`). */
export const SHARED_MRT = resolve(here, "../../../../../shared/fixtures/mrt");

/** Path of a shared fixture; throws a clear error if the shared tree is missing. */
export function shared(rel: string): string {
  const p = join(SHARED_MRT, rel);
  if (!existsSync(p)) throw new Error(`fixture ${p} not found: the shared fixtures must sit beside the repo`);
  return p;
}

/** Path of a local fixture. */
export function local(name: string): string {
  return join(LOCAL_MRT, name);
}

/** A file's bytes, gunzipped when it is gzip, as a plain Uint8Array (its `slice()` copies). */
export function readMaybeGzip(path: string): Uint8Array {
  const b = readFileSync(path);
  const raw = b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** Every MRT input of the shared tree (not the text/expected files), relative to SHARED_MRT. */
export const ALL_SHARED_MRT: readonly string[] = [
  "bgpdump/test_data/bview.20020722.2337.gz",
  "bgpdump/test_data/bview.64k_stream_overflow.gz",
  "bgpdump/test_data/bview.ipv4_unicast_add_path.gz",
  "bgpdump/test_data/bview.ipv6_unicast_add_path.gz",
  "bgpdump/test_data/updates.20020722.2238.gz",
  "bgpdump/test_data/updates.20070211.0141.gz",
  "bgpdump/test_data/updates.20071015.1505.gz",
  "bgpdump/test_data/updates.20100722.2015.gz",
  "bgpdump/test_data/updates.20160811.1600.gz",
  "bgpdump/test_data/updates.et-header.2015.gz",
  "bgpdump/test_data/updates.long_withdrawal.gz",
  "bgpdump/test_data/updates.nlri_mask_trailing_bits.gz",
  "mrtparse/bird-mrtdump_bgp",
  "mrtparse/bird-mrtdump_rib",
  "mrtparse/bird6-mrtdump_bgp",
  "mrtparse/bird6-mrtdump_rib",
  "mrtparse/bird6_bgp",
  "mrtparse/bird_bgp",
  "mrtparse/openbgpd_bgp",
  "mrtparse/openbgpd_rib_table",
  "mrtparse/openbgpd_rib_table-mp",
  "mrtparse/openbgpd_rib_table-v2",
  "mrtparse/quagga_bgp",
  "mrtparse/quagga_rib",
  "routeviews/rib.20140523.0600.first-complete-records.mrt.gz",
];
