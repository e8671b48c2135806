/**
 * Our implementation in a lab host: the `tsbgp-speaker` example CLI started inside the host's
 * network namespace (by PID, through the testkit), observed through the JSON lines it prints.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Host, Lab, TrackedProcess } from "@tsbgp/testkit";

const BIN = fileURLToPath(new URL("../../../../examples/speaker/bin/tsbgp-speaker.mjs", import.meta.url));

/** One JSON line printed by the speaker. */
export type Line = Record<string, unknown> & { event: string };

/** A running tsbgp-speaker. */
export class OurSpeaker {
  private constructor(
    readonly process: TrackedProcess,
    readonly logFile: string,
    readonly configFile: string,
  ) {}

  /** Writes `config` (speaker config data) and starts the CLI in `host`. */
  static start(lab: Lab, host: Host, config: Record<string, unknown>, name = "tsbgp"): OurSpeaker {
    const dir = lab.makeWorkdir(`${name}-${host.name}`);
    const configFile = join(dir, "speaker.json");
    const logFile = join(dir, "speaker.jsonl");
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const p = host.spawn(process.execPath, [BIN, "--config", configFile, "--verbose"], { logFile });
    return new OurSpeaker(p, logFile, configFile);
  }

  /** Every JSON line so far (other output, e.g. a crash trace, is skipped). */
  lines(): Line[] {
    if (!existsSync(this.logFile)) return [];
    const out: Line[] = [];
    for (const l of readFileSync(this.logFile, "utf8").split("\n")) {
      if (!l.startsWith("{")) continue;
      try {
        out.push(JSON.parse(l) as Line);
      } catch {
        // a line being written right now
      }
    }
    return out;
  }

  /** Waits for a line matching `pred` after the first `skip` lines; returns it. */
  async waitLine(pred: (l: Line) => boolean, ms = 20_000, skip = 0): Promise<Line> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.lines().slice(skip).find(pred);
      if (hit) return hit;
      if (!this.process.running) throw new Error(`tsbgp-speaker exited: ${this.tail()}`);
      if (Date.now() > end) throw new Error(`no matching line within ${ms} ms; last lines:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The last lines of the log, for failure messages. */
  tail(n = 30): string {
    if (!existsSync(this.logFile)) return "(no output)";
    return readFileSync(this.logFile, "utf8").split("\n").slice(-n).join("\n");
  }

  /** Stops it (SIGTERM: Cease / Administrative Shutdown to every peer). */
  async stop(): Promise<void> {
    await this.process.stop();
  }
}

/** A route line for `prefix`, announced (not withdrawn). */
export const announced =
  (prefix: string) =>
  (l: Line): boolean =>
    l.event === "route" && l.prefix === prefix && l.action === "announce";
