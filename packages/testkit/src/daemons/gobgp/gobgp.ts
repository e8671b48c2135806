import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertBinary } from "../../exec.js";
import type { Host } from "../../lab/host.js";
import { DaemonBase } from "../daemon-base.js";
import { familyOf, validateOptions } from "../neighbors.js";
import type { Announcement, DaemonOptions, DaemonRoute, PeerState } from "../types.js";
import { gobgpAddArgs, gobgpConfig } from "./gobgp-config.js";
import { parseGobgpNeighborState, parseGobgpRib } from "./gobgp-parse.js";

const GOBGPD = "/usr/bin/gobgpd";
const GOBGP = "/usr/bin/gobgp";

/**
 * GoBGP (Debian `gobgpd`) in a lab host: `gobgpd -f gobgpd.toml` with its gRPC API on the
 * namespace's own loopback at a lab-unique port, driven with `gobgp -p <port> -j`.
 * Announcements are added through the API after start (and again after a restart).
 */
export class GoBgp extends DaemonBase {
  readonly kind = "gobgp" as const;
  /** gRPC API port on 127.0.0.1 inside the host's namespace. */
  readonly apiPort: number;

  private constructor(host: Host, options: DaemonOptions, workdir: string) {
    super(host, options, workdir);
    this.apiPort = host.lab.allocatePort();
  }

  /** Write the config, start gobgpd, wait for its API and add the announcements. */
  static async start(host: Host, options: DaemonOptions): Promise<GoBgp> {
    assertBinary(GOBGPD, "gobgpd");
    validateOptions(options);
    const daemon = new GoBgp(host, options, host.lab.makeWorkdir(`${host.name}-gobgp`));
    await writeFile(join(daemon.workdir, "gobgpd.toml"), gobgpConfig(options));
    await daemon.boot();
    return daemon;
  }

  protected async launch(): Promise<void> {
    const conf = join(this.workdir, "gobgpd.toml");
    const api = `127.0.0.1:${this.apiPort}`;
    this.spawnProcess(
      GOBGPD,
      ["-f", conf, "-t", "toml", "--api-hosts", api, "--pprof-disable", "-l", "info"],
      "gobgpd.log",
    );
    await this.waitReady(async () => (await this.cli("global")).length > 0, "gobgpd API");
    for (const a of this.current.announce ?? []) await this.cli(...gobgpAddArgs(a));
  }

  protected logFileNames(): readonly string[] {
    return ["gobgpd.log"];
  }

  /** Run `gobgp -p <port> <args>` inside the namespace and return stdout. */
  async cli(...args: string[]): Promise<string> {
    return (await this.host.exec(GOBGP, ["-p", String(this.apiPort), ...args])).stdout;
  }

  /** `gobgp global rib add` of a path with the same prefix replaces the old one. */
  protected async applyAnnounce(a: Announcement): Promise<void> {
    await this.cli(...gobgpAddArgs(a));
  }

  protected async applyWithdraw(prefix: string): Promise<void> {
    await this.cli("global", "rib", "-a", familyOf(prefix), "del", prefix);
  }

  async routes(): Promise<DaemonRoute[]> {
    const v4 = parseGobgpRib(await this.cli("-j", "global", "rib", "-a", "ipv4"));
    const v6 = parseGobgpRib(await this.cli("-j", "global", "rib", "-a", "ipv6"));
    return [...v4, ...v6];
  }

  async peerState(address: string): Promise<PeerState> {
    return parseGobgpNeighborState(await this.cli("-j", "neighbor", address));
  }
}
