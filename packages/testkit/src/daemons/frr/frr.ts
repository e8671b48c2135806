import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { assertBinary, run } from "../../exec.js";
import type { Host } from "../../lab/host.js";
import { DaemonBase } from "../daemon-base.js";
import { validateOptions } from "../neighbors.js";
import type { Announcement, DaemonOptions, DaemonRoute, PeerState } from "../types.js";
import { frrAnnounceCommands, frrBgpdConfig, frrWithdrawCommands, frrZebraConfig } from "./frr-config.js";
import { parseFrrNeighborState, parseFrrRoutes } from "./frr-parse.js";

const ZEBRA = "/usr/lib/frr/zebra";
const BGPD = "/usr/lib/frr/bgpd";
const VTYSH = "/usr/bin/vtysh";

/**
 * FRR (Debian `frr`) in a lab host, run as it is deployed: zebra (next-hop tracking, as user
 * `frr`) plus bgpd with `-n` (no routes pushed to the kernel FIB). Both use the work directory
 * for their vty sockets, zserv socket, pid files and logs; they are queried with
 * `vtysh --vty_socket <workdir> -d bgpd -c '... json'`.
 */
export class Frr extends DaemonBase {
  readonly kind = "frr" as const;

  private constructor(host: Host, options: DaemonOptions, workdir: string) {
    super(host, options, workdir);
  }

  /** Write zebra.conf and bgpd.conf, start zebra then bgpd, and wait until bgpd answers. */
  static async start(host: Host, options: DaemonOptions): Promise<Frr> {
    assertBinary(ZEBRA, "frr");
    assertBinary(BGPD, "frr");
    validateOptions(options);
    const daemon = new Frr(host, options, host.lab.makeWorkdir(`${host.name}-frr`));
    await writeFile(join(daemon.workdir, "zebra.conf"), frrZebraConfig(daemon.workdir, host.name));
    await writeFile(join(daemon.workdir, "bgpd.conf"), frrBgpdConfig(options, daemon.workdir, host.name));
    await daemon.boot();
    return daemon;
  }

  protected async launch(): Promise<void> {
    const w = this.workdir;
    const zserv = join(w, "zserv.api");
    // zebra refuses to run as root outside the frrvty group, so it drops to `frr` (created by the
    // Debian package); the work directory is world-writable for it.
    this.spawnProcess(
      ZEBRA,
      [
        "-u",
        "frr",
        "-g",
        "frr",
        "-f",
        join(w, "zebra.conf"),
        "-i",
        join(w, "zebra.pid"),
        "--vty_socket",
        w,
        "-z",
        zserv,
        "--vty_port",
        "0",
      ],
      "zebra.stdout",
    );
    await this.waitReady(async () => existsSync(zserv), "zebra zserv socket");
    // -S: keep root (no user switch); -n: do not install routes in the kernel; -P 0: no TCP vty.
    const port = String(this.options.listenPort ?? 179);
    this.spawnProcess(
      BGPD,
      [
        "-S",
        "-f",
        join(w, "bgpd.conf"),
        "-i",
        join(w, "bgpd.pid"),
        "--vty_socket",
        w,
        "-z",
        zserv,
        "-n",
        "-p",
        port,
        "-A",
        "127.0.0.1",
        "-P",
        "0",
      ],
      "bgpd.stdout",
    );
    await this.waitReady(async () => (await this.vtysh("show bgp summary json")).includes("{"), "bgpd vty");
  }

  protected logFileNames(): readonly string[] {
    return ["zebra.stdout", "bgpd.stdout", "zebra.log", "bgpd.log"];
  }

  /** Run vtysh commands (one `-c` each, in one session) against bgpd and return the output. */
  async vtysh(...commands: string[]): Promise<string> {
    if (!existsSync(VTYSH))
      throw new TestkitError(TestkitErrorCode.UNAVAILABLE, "vtysh missing: install frr");
    const args = ["--vty_socket", this.workdir, "-d", "bgpd", ...commands.flatMap((c) => ["-c", c])];
    return (await run(VTYSH, args)).stdout;
  }

  /** Apply configuration commands (vtysh reports errors as `%` lines) and keep bgpd.conf in step for restart(). */
  async #configure(commands: string[]): Promise<void> {
    const out = await this.vtysh(...commands);
    const error = out.split("\n").find((l) => l.startsWith("%"));
    if (error)
      throw new TestkitError(
        TestkitErrorCode.COMMAND_FAILED,
        `frr: ${error} (after ${commands.join(" / ")})`,
      );
    await writeFile(
      join(this.workdir, "bgpd.conf"),
      frrBgpdConfig(this.current, this.workdir, this.host.name),
    );
  }

  protected async applyAnnounce(route: Announcement, previous: Announcement | undefined): Promise<void> {
    // Replace = withdraw the old statement and route-map, then add the new ones.
    if (previous) await this.#configure(frrWithdrawCommands(previous, this.options.localAs));
    await this.#configure(frrAnnounceCommands(route, this.options.localAs));
  }

  protected async applyWithdraw(_prefix: string, previous: Announcement): Promise<void> {
    await this.#configure(frrWithdrawCommands(previous, this.options.localAs));
  }

  async routes(): Promise<DaemonRoute[]> {
    const v4 = parseFrrRoutes(await this.vtysh("show bgp ipv4 unicast json detail"));
    const v6 = parseFrrRoutes(await this.vtysh("show bgp ipv6 unicast json detail"));
    return [...v4, ...v6];
  }

  async peerState(address: string): Promise<PeerState> {
    return parseFrrNeighborState(await this.vtysh(`show bgp neighbors ${address} json`), address);
  }
}
