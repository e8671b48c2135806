/**
 * Our RIB-based speaker (`tsbgp-bench-dut`, examples/speaker/src/dut) in a lab host, as the
 * differentials run it: passive dual-stack sessions, `ingest` (Loc-RIB only) or `rr` (every
 * peer an iBGP route-reflector client), and its Loc-RIB read back with SIGUSR2.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DecisionOptions } from "@tsbgp/rib";
import type { Host, TrackedProcess } from "@tsbgp/testkit";
import { waitFor } from "@tsbgp/testkit";
import type { LocRibEntry } from "../../src/dut/loc-rib-dump.js";

const BIN = fileURLToPath(new URL("../../bin/tsbgp-bench-dut.mjs", import.meta.url));

/** How the speaker is started. */
export interface RibSpeakerOptions {
  readonly mode: "ingest" | "rr";
  readonly localAs: number;
  /** BGP identifier, also the cluster ID in `rr` mode (RFC 4456 §7). */
  readonly routerId: string;
  /** Sessions (IPv4 or IPv6 address); each carries the unicast family of its address. */
  readonly peers: readonly { readonly address: string; readonly asn: number }[];
  readonly decision?: DecisionOptions;
}

/** A running `tsbgp-bench-dut` in a lab host (the lab stops it by PID on destroy). */
export class RibSpeaker {
  readonly workdir: string;
  readonly #process: TrackedProcess;
  readonly #log: string;

  private constructor(workdir: string, process: TrackedProcess) {
    this.workdir = workdir;
    this.#process = process;
    this.#log = join(workdir, "dut.log");
  }

  /** Starts the speaker in `host` and waits until it listens on `::` port 179. */
  static async start(host: Host, o: RibSpeakerOptions): Promise<RibSpeaker> {
    const workdir = host.lab.makeWorkdir(`${host.name}-dut`);
    const proc = host.spawn(process.execPath, [BIN], {
      logFile: join(workdir, "dut.log"),
      env: {
        BENCH_MODE: o.mode,
        // Dual stack: IPv4 peers arrive as ::ffff:a.b.c.d, which the speaker maps back.
        BENCH_LOCAL_ADDR: "::",
        BENCH_LOCAL_AS: String(o.localAs),
        BENCH_ROUTER_ID: o.routerId,
        BENCH_PEERS: o.peers.map((p) => `${p.address}:${p.asn}`).join(" "),
        BENCH_WORKDIR: workdir,
        BENCH_DECISION: JSON.stringify(o.decision ?? {}),
      },
    });
    const speaker = new RibSpeaker(workdir, proc);
    await waitFor(
      async () => {
        if (!proc.running) throw new Error(`tsbgp-bench-dut exited: ${await speaker.logs()}`);
        return (await speaker.logs()).includes('"event":"listening"');
      },
      { timeoutMs: 30_000, intervalMs: 200, what: "tsbgp-bench-dut listening" },
    );
    return speaker;
  }

  /** Its stdout and stderr so far. */
  logs(): Promise<string> {
    return readFile(this.#log, "utf8").catch(() => "");
  }

  /** The Loc-RIB now: one entry per prefix with a best path (SIGUSR2, then read the file). */
  async locRib(): Promise<LocRibEntry[]> {
    const file = join(this.workdir, "loc-rib.json");
    await rm(file, { force: true });
    if (!this.#process.signal("SIGUSR2"))
      throw new Error(`tsbgp-bench-dut is not running: ${await this.logs()}`);
    const text = await waitFor(() => readFile(file, "utf8").catch(() => undefined), {
      timeoutMs: 10_000,
      intervalMs: 50,
      what: "loc-rib.json",
    });
    return JSON.parse(text) as LocRibEntry[];
  }
}
