/**
 * The fuzzer's seeds, all real: every whole message (`hex` starting with the marker) of this
 * package's `*.jsonl` fixtures (ExaBGP and tshark captures, every message type), every record of
 * the small MRT fixtures (BGP4MP from BIRD/OpenBGPD/Quagga/RIS, TABLE_DUMP, TABLE_DUMP_V2 with
 * and without ADD-PATH) with the BGP message inside each BGP4MP record, and a sample of the
 * UPDATEs of two real RIS dumps in `../shared/fixtures` (IPv4+IPv6, 4-octet AS, BGP4MP_ET).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { mrtContext } from "../../src/mrt/bgp-content.js";
import { MrtReader } from "../../src/mrt/reader.js";
import type { FuzzSeed } from "./engine.js";

/** The package root (`packages/bgp-wire`). */
export const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(PACKAGE_DIR, "test", "fixtures");
/** `../shared/fixtures` beside the repository (see /work/shared/fixtures/SOURCES.md). */
const SHARED = join(PACKAGE_DIR, "..", "..", "..", "shared", "fixtures", "mrt", "bgpdump", "test_data");
const MARKER = "ff".repeat(16);

function jsonlMessages(dir: string, out: FuzzSeed[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsonlMessages(p, out);
    else if (name.endsWith(".jsonl")) {
      for (const line of readFileSync(p, "utf8").split("\n")) {
        const hex = /"hex":\s*"([0-9a-fA-F]+)"/.exec(line)?.[1]?.toLowerCase();
        if (hex?.startsWith(MARKER)) {
          out.push({ kind: "message", bytes: Uint8Array.from(Buffer.from(hex, "hex")), source: name });
        }
      }
    }
  }
}

function readDump(path: string): Uint8Array {
  const raw = readFileSync(path);
  return new Uint8Array(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
}

/**
 * Adds the records of one MRT dump as `mrt` seeds and the messages of its BGP4MP records as
 * `message` seeds (with the context the record implies); `every` keeps one record in `every`.
 */
function mrtSeeds(path: string, source: string, out: FuzzSeed[], every = 1, limit = Infinity): void {
  const dump = readDump(path);
  const reader = new MrtReader(dump, { onError: "skip" });
  let n = 0;
  let kept = 0;
  for (const rec of reader) {
    if (n++ % every !== 0) continue;
    if (kept++ >= limit) break;
    const start = rec.header.offset;
    const bytes = dump.slice(start, reader.pos);
    out.push({ kind: "mrt", bytes, source });
    if (rec.type === "BGP4MP_MESSAGE") {
      out.push({
        kind: "message",
        bytes: rec.message.slice(),
        source,
        ctx: mrtContext(rec.as4, rec.addPath),
      });
    }
  }
}

/** Options of {@link loadCorpus}. */
export interface CorpusOptions {
  /** Also sample the big RIS dumps of `../shared/fixtures` (default true; skipped if absent). */
  readonly sharedDumps?: boolean;
  /** Records kept from each big dump (default 400). */
  readonly sample?: number;
}

/** Loads every seed; see the file comment for what is included. */
export function loadCorpus(options: CorpusOptions = {}): FuzzSeed[] {
  const out: FuzzSeed[] = [];
  jsonlMessages(FIXTURES, out);
  for (const dir of [join(FIXTURES, "mrt"), join(FIXTURES, "message", "mrt")]) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith(".md") || name.endsWith(".bz2")) continue;
      mrtSeeds(join(dir, name), name, out);
    }
  }
  if (options.sharedDumps ?? true) {
    const sample = options.sample ?? 400;
    // et-header: 89,679 iBGP UPDATEs over BGP4MP_ET (RFC 6396 §3); 20160811: 40 peers, IPv4+IPv6.
    for (const [name, every] of [
      ["updates.et-header.2015.gz", 211],
      ["updates.20160811.1600.gz", 37],
      ["bview.64k_stream_overflow.gz", 1],
    ] as const) {
      const p = join(SHARED, name);
      if (existsSync(p)) mrtSeeds(p, name, out, every, sample);
    }
  }
  return out;
}
