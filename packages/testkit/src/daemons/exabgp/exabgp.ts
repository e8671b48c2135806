import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { assertBinary } from "../../exec.js";
import type { Host } from "../../lab/host.js";
import { subnetContains } from "../../lab/subnet.js";
import { DaemonBase } from "../daemon-base.js";
import { familiesOf, familyOf, validateOptions } from "../neighbors.js";
import type { Announcement, DaemonOptions, DaemonRoute, NeighborSpec, PeerState } from "../types.js";
import { exabgpConfig, exabgpRouteText, HELPER_SCRIPT } from "./exabgp-config.js";
import { type ExabgpView, replayExabgpLog } from "./exabgp-parse.js";

const EXABGP = "/usr/sbin/exabgp";
const PYTHON = "/usr/bin/python3";

/**
 * Environment that makes Debian's ExaBGP 4.2 run as a foreground test peer: stay root (it
 * otherwise drops to user `exabgp`), do not daemonize, no CLI named pipes (they live in /run and
 * would clash between instances), no API acks (the helper never reads them), and no global
 * listener (passive neighbours get a per-neighbour `listen`).
 */
const EXABGP_ENV = {
  "exabgp.daemon.user": "root",
  "exabgp.daemon.daemonize": "false",
  "exabgp.daemon.drop": "false",
  "exabgp.api.cli": "false",
  "exabgp.api.ack": "false",
  "exabgp.tcp.bind": "",
  "exabgp.log.destination": "stdout",
} as const;

/**
 * ExaBGP (Debian `exabgp`, 4.2) in a lab host: static routes from the config, and an API helper
 * that appends every received UPDATE and session change as a JSON line to `received.jsonl`, so
 * {@link ExaBgp.routes} returns what its peers announced to it.
 */
export class ExaBgp extends DaemonBase {
  readonly kind = "exabgp" as const;

  private constructor(host: Host, options: DaemonOptions, workdir: string) {
    super(host, options, workdir);
  }

  /**
   * Write the config and helper, start ExaBGP and wait until the helper runs.
   *
   * @throws TestkitError `INVALID_ARGUMENT` for route-reflector clients (ExaBGP is no RR) or a
   *   neighbour with no local address on its subnet and no `localAddress`.
   */
  static async start(host: Host, options: DaemonOptions): Promise<ExaBgp> {
    assertBinary(EXABGP, "exabgp");
    validateOptions(options);
    if (options.neighbors.some((n) => n.rrClient)) {
      throw new TestkitError(TestkitErrorCode.UNSUPPORTED, "exabgp cannot act as a route reflector");
    }
    const daemon = new ExaBgp(host, options, host.lab.makeWorkdir(`${host.name}-exabgp`));
    await writeFile(join(daemon.workdir, "helper.py"), HELPER_SCRIPT);
    await daemon.#writeConfig();
    await daemon.boot();
    return daemon;
  }

  /** Config with the current announcements as static routes (what a restart starts from). */
  async #writeConfig(): Promise<void> {
    const localAddressOf = (n: NeighborSpec): string => this.#localAddress(n);
    await writeFile(
      join(this.workdir, "exabgp.conf"),
      exabgpConfig(this.current, this.workdir, PYTHON, localAddressOf),
    );
  }

  /** Hand API commands to the helper, which passes them to ExaBGP. */
  async #command(lines: string[]): Promise<void> {
    if (lines.length) await appendFile(join(this.workdir, "commands.txt"), `${lines.join("\n")}\n`);
  }

  #neighborsFor(prefix: string): NeighborSpec[] {
    return this.options.neighbors.filter((n) => familiesOf(n).includes(familyOf(prefix)));
  }

  protected async applyAnnounce(route: Announcement): Promise<void> {
    await this.#writeConfig();
    await this.#command(
      this.#neighborsFor(route.prefix).map(
        (n) => `neighbor ${n.address} announce ${exabgpRouteText(route, n, this.options)}`,
      ),
    );
  }

  protected async applyWithdraw(prefix: string): Promise<void> {
    await this.#writeConfig();
    await this.#command(
      this.#neighborsFor(prefix).map((n) => `neighbor ${n.address} withdraw route ${prefix}`),
    );
  }

  #localAddress(n: NeighborSpec): string {
    if (n.localAddress !== undefined) return n.localAddress;
    const family = familyOf(n.address);
    for (const e of this.host.endpoints) {
      const cidr = family === "ipv4" ? e.v4Cidr : e.v6Cidr;
      if (cidr !== undefined && subnetContains(cidr, n.address))
        return family === "ipv4" ? (e.v4 as string) : (e.v6 as string);
    }
    throw new TestkitError(
      TestkitErrorCode.INVALID_ARGUMENT,
      `exabgp: no address of ${this.host.name} on the subnet of ${n.address}; set neighbor.localAddress`,
    );
  }

  protected async launch(): Promise<void> {
    // A restart starts a fresh session history, and old commands must not be replayed (the
    // config already holds the current announcements).
    await writeFile(join(this.workdir, "received.jsonl"), "");
    await writeFile(join(this.workdir, "commands.txt"), "");
    const conf = join(this.workdir, "exabgp.conf");
    const started = Date.now();
    this.spawnProcess(EXABGP, [conf], "exabgp.stdout", EXABGP_ENV);
    // Ready once the configuration is loaded: it logs that line just before starting the helper.
    await this.waitReady(async () => {
      const log = await readFile(join(this.workdir, "exabgp.stdout"), "utf8").catch(() => "");
      return log.lastIndexOf("loaded new configuration successfully") >= 0 && Date.now() >= started;
    }, "exabgp configuration loaded");
  }

  protected logFileNames(): readonly string[] {
    return ["exabgp.stdout"];
  }

  async #view(): Promise<ExabgpView> {
    return replayExabgpLog(await readFile(join(this.workdir, "received.jsonl"), "utf8").catch(() => ""));
  }

  /** Routes the peers announced to ExaBGP (and did not withdraw), one per peer and prefix. */
  async routes(): Promise<DaemonRoute[]> {
    return (await this.#view()).routes;
  }

  async peerState(address: string): Promise<PeerState> {
    if (!this.options.neighbors.some((n) => n.address === address)) {
      throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `exabgp: no neighbor ${address}`);
    }
    return (await this.#view()).states.get(address) ?? "Idle";
  }
}
