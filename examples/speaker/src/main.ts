/**
 * `tsbgp-speaker --config FILE [--json] [--no-routes] [--count-file FILE] [--verbose]`
 * Opens the configured sessions, announces the configured prefixes and prints one JSON line per
 * event and per received route on stdout. Exit codes: 0 clean stop, 2 bad config or usage.
 */
import { isBgpConfigError } from "@tsbgp/bgp-fsm";
import { emitLine } from "./output.js";
import { runSpeaker } from "./run.js";
import { loadConfig } from "./speaker-config.js";

const USAGE = "usage: tsbgp-speaker --config FILE [--json] [--no-routes] [--count-file FILE] [--verbose]";

function fail(field: string, reason: string): never {
  process.stderr.write(`${JSON.stringify({ event: "config-error", field, reason })}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let configFile: string | undefined;
let countFile: string | undefined;
let routes = true;
let verbose = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--config" || a === "-c") configFile = args[++i];
  else if (a === "--count-file") countFile = args[++i];
  else if (a === "--no-routes") routes = false;
  else if (a === "--verbose") verbose = true;
  else if (a === "--json") {
    // JSON lines are the only output format; the flag is accepted for scripts that ask for it.
  } else if (a === "--help" || a === "-h") {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else fail(String(a), `unknown argument; ${USAGE}`);
}
if (!configFile) fail("--config", `is required; ${USAGE}`);

const sink = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

try {
  const config = loadConfig(configFile);
  const speaker = await runSpeaker(config, sink, { routes, verbose, ...(countFile ? { countFile } : {}) });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    emitLine(sink, { event: "stopping", signal });
    void speaker.stop(`tsbgp-speaker stopped (${signal})`).then(() => process.exit(0));
  };
  // Session timers do not hold the process open; the speaker runs until it is told to stop.
  setInterval(() => {}, 2 ** 30);
  // Session timers do not hold the process open; the speaker runs until it is told to stop.
  setInterval(() => {}, 2 ** 30);
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (e) {
  if (isBgpConfigError(e)) fail(e.field, e.reason);
  throw e;
}
