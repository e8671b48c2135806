/**
 * The shared bench harness's feed (../shared/bench/bgpspeaker.py `gen`, seed 1): the byte stream
 * BIRD, FRR and GoBGP are measured with. Generated once per shape into the temp directory.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

/** Path of the harness's speaker script (beside the checkout, as in CI). */
export const HARNESS = fileURLToPath(new URL("../../../../shared/bench/bgpspeaker.py", import.meta.url));

/** True when the harness and python3 are there. */
export function harnessAvailable(): boolean {
  if (!existsSync(HARNESS)) return false;
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Splits a raw BGP byte stream into messages (views into it). */
export function splitMessages(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at + 19 <= stream.length; ) {
    const len = (stream[at + 16]! << 8) | stream[at + 17]!;
    out.push(stream.subarray(at, at + len));
    at += len;
  }
  return out;
}

/** The messages of one peer's feed: `n` prefixes from `peerAs`, eBGP or (with `ibgp`) iBGP. */
export function harnessFeed(n: number, peerAs: number, nextHop: string, ibgp = false): Uint8Array[] {
  const file = `${tmpdir()}/tsbgp-rib-feed-${n}-${peerAs}-${nextHop}${ibgp ? "-ibgp" : ""}.bin`;
  if (!existsSync(file)) {
    const args = [
      HARNESS,
      "gen",
      "-n",
      String(n),
      "--seed",
      "1",
      "--peer-as",
      String(peerAs),
      "--next-hop",
      nextHop,
    ];
    execFileSync("python3", [...args, ...(ibgp ? ["--ibgp"] : []), "-o", file], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const b = readFileSync(file);
  return splitMessages(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}
