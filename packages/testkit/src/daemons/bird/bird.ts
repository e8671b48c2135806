import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { assertBinary, run } from "../../exec.js";
import type { Host } from "../../lab/host.js";
import { DaemonBase } from "../daemon-base.js";
import { validateOptions } from "../neighbors.js";
import type { Announcement, DaemonOptions, DaemonRoute, PeerState } from "../types.js";
import { birdConfig, birdProtocolName } from "./bird-config.js";
import { parseBirdProtocolState, parseBirdRoutes } from "./bird-parse.js";

const BIRD = "/usr/sbin/bird";
const BIRDC = "/usr/sbin/birdc";

/**
 * BIRD 2 (Debian `bird2`) in a lab host: `bird -f -c bird.conf -s bird.ctl -P bird.pid`, queried
 * with `birdc -s bird.ctl` (a unix socket, so queries need not enter the namespace).
 */
export class Bird extends DaemonBase {
  readonly kind = "bird" as const;
  readonly #socket: string;

  private constructor(host: Host, options: DaemonOptions, workdir: string) {
    super(host, options, workdir);
    this.#socket = join(workdir, "bird.ctl");
  }

  /**
   * Write the config, start BIRD in `host` and wait until its control socket answers.
   *
   * @throws TestkitError `UNAVAILABLE` if bird2 is not installed, `DAEMON_FAILED` with logs if it does not start.
   */
  static async start(host: Host, options: DaemonOptions): Promise<Bird> {
    assertBinary(BIRD, "bird2");
    validateOptions(options);
    const daemon = new Bird(host, options, host.lab.makeWorkdir(`${host.name}-bird`));
    await writeFile(join(daemon.workdir, "bird.conf"), birdConfig(options, daemon.workdir));
    await daemon.boot();
    return daemon;
  }

  protected async launch(): Promise<void> {
    const conf = join(this.workdir, "bird.conf");
    const pidfile = join(this.workdir, "bird.pid");
    this.spawnProcess(BIRD, ["-f", "-c", conf, "-s", this.#socket, "-P", pidfile], "stdout.log");
    await this.waitReady(
      async () => (await this.birdc("show status")).includes("Daemon is up"),
      "bird control socket",
    );
  }

  protected logFileNames(): readonly string[] {
    return ["stdout.log", "bird.log"];
  }

  /** Rewrite bird.conf and `birdc configure`: BIRD reloads the static routes without a session reset. */
  async #reconfigure(): Promise<void> {
    await writeFile(join(this.workdir, "bird.conf"), birdConfig(this.current, this.workdir));
    const out = await this.birdc("configure");
    if (!out.includes("Reconfigured") && !out.includes("Reconfiguration in progress")) {
      throw new TestkitError(TestkitErrorCode.COMMAND_FAILED, `bird: configure failed:\n${out}`);
    }
  }

  protected async applyAnnounce(_route: Announcement): Promise<void> {
    await this.#reconfigure();
  }

  protected async applyWithdraw(): Promise<void> {
    await this.#reconfigure();
  }

  /** Run one birdc command and return its output. */
  async birdc(command: string): Promise<string> {
    const { stdout } = await run(BIRDC, ["-s", this.#socket, ...command.split(" ")]);
    if (stdout.includes("Unable to connect")) {
      throw new TestkitError(TestkitErrorCode.COMMAND_FAILED, `birdc: ${stdout.trim()}`);
    }
    return stdout;
  }

  async routes(): Promise<DaemonRoute[]> {
    const names = new Map(this.options.neighbors.map((n, i) => [birdProtocolName(i), n.address]));
    return parseBirdRoutes(await this.birdc("show route all"), (protocol) => names.get(protocol));
  }

  async peerState(address: string): Promise<PeerState> {
    const index = this.options.neighbors.findIndex((n) => n.address === address);
    if (index < 0) throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `bird: no neighbor ${address}`);
    return parseBirdProtocolState(await this.birdc(`show protocols all ${birdProtocolName(index)}`));
  }
}
