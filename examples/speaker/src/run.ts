/** Wires a speaker to the output: events and routes as JSON lines, announcements on Established. */
import { writeFileSync } from "node:fs";
import { BgpSpeaker, type BgpSession } from "@tsbgp/bgp-fsm";
import { readShutdownCommunication } from "@tsbgp/bgp-wire";
import { type LineSink, emitLine, notificationJson, routeLines } from "./output.js";
import { announcementsFor } from "./routes.js";
import type { SpeakerFileConfig } from "./speaker-config.js";

/** Options of {@link runSpeaker}. */
export interface RunOptions {
  /** Print one line per received route (default true). */
  readonly routes?: boolean;
  /** Keep this file updated with the number of prefixes currently received (benchmarks). */
  readonly countFile?: string;
  /** Include diagnostic log lines. */
  readonly verbose?: boolean;
}

/**
 * Sends our routes and End-of-RIB. Answering a ROUTE-REFRESH with enhanced route refresh
 * negotiated, the routes go between BoRR and EoRR markers (RFC 7313 §4).
 */
function announce(
  session: BgpSession,
  config: SpeakerFileConfig,
  sink: LineSink,
  refresh?: { afi: number; safi: number },
): void {
  void (async () => {
    const enhanced = refresh !== undefined && session.negotiated?.enhancedRouteRefresh === true;
    if (enhanced) session.send({ type: "ROUTE_REFRESH", ...refresh, subtype: 1 });
    let prefixes = 0;
    for (const entry of config.announce) {
      for (const input of announcementsFor(entry, session, config.localAs)) {
        await session.announce(input);
        prefixes += input.announce?.length ?? 0;
      }
    }
    if (enhanced) session.send({ type: "ROUTE_REFRESH", ...refresh, subtype: 2 });
    else for (const f of session.negotiated?.families ?? []) session.sendEndOfRib(f);
    emitLine(sink, { event: "announced", peer: session.name, prefixes });
  })().catch((e: Error) => emitLine(sink, { event: "error", peer: session.name, message: e.message }));
}

/** Starts the speaker and reports everything to `sink`; resolves with the running speaker. */
export async function runSpeaker(
  config: SpeakerFileConfig,
  sink: LineSink,
  opts: RunOptions = {},
): Promise<BgpSpeaker> {
  const speaker = new BgpSpeaker(config);
  speaker.on("speaker:listening", (address, port) => emitLine(sink, { event: "listening", address, port }));
  speaker.on("connection:refused", (address, port) => emitLine(sink, { event: "refused", address, port }));
  speaker.on("speaker:error", (e) => emitLine(sink, { event: "error", message: e.message }));
  let count = 0;
  let countDirty = false;
  const flushCount = (): void => {
    if (!opts.countFile || !countDirty) return;
    countDirty = false;
    writeFileSync(opts.countFile, `${count}\n`);
  };
  const countTimer = opts.countFile ? setInterval(flushCount, 200) : undefined;
  countTimer?.unref();
  for (const s of speaker.sessions) {
    const peer = s.name;
    s.on("state:change", (from, to) => emitLine(sink, { event: "state", peer, from, to }));
    s.on("session:established", (n) =>
      emitLine(sink, {
        event: "established",
        peer,
        peerAs: n.peerAs,
        holdTime: n.holdTime,
        families: n.families,
        asn4: n.asn4,
        routeRefresh: n.routeRefresh,
        gracefulRestart: n.gracefulRestart !== null,
        addPathReceive: n.addPathReceive,
      }),
    );
    s.on("session:established", () => announce(s, config, sink));
    s.on("session:down", (e) => emitLine(sink, { event: "down", peer, code: e.code, reason: e.message }));
    s.on("notification:sent", (n) =>
      emitLine(sink, { event: "notification-sent", peer, ...notificationJson(n) }),
    );
    s.on("notification:received", (n) => {
      const shutdown = readShutdownCommunication({
        type: "NOTIFICATION",
        code: n.code,
        subcode: n.subcode,
        data: n.data ?? new Uint8Array(0),
      });
      emitLine(sink, {
        event: "notification-received",
        peer,
        ...notificationJson(n),
        ...(shutdown?.valid ? { message: shutdown.text } : {}),
      });
    });
    s.on("update:received", (u, meta) => {
      const lines = routeLines(s, u, meta);
      for (const l of lines) {
        if (l.action === "announce") count++;
        else count--;
      }
      countDirty = true;
      if (opts.routes !== false) for (const l of lines) emitLine(sink, l);
    });
    s.on("end-of-rib:received", (family) => {
      emitLine(sink, { event: "end-of-rib", peer, family });
      flushCount();
    });
    s.on("route-refresh:received", (m) => {
      emitLine(sink, { event: "route-refresh", peer, afi: m.afi, safi: m.safi, subtype: m.subtype });
      // Subtype 0 asks for our routes; 1 and 2 (BoRR/EoRR) frame the peer's own refresh.
      if (s.state === "Established" && m.subtype === 0)
        announce(s, config, sink, { afi: m.afi, safi: m.safi });
    });
    s.on("routes:flush", () => emitLine(sink, { event: "routes-flushed", peer }));
    s.on("routes:stale", (families, restartTime) =>
      emitLine(sink, { event: "routes-stale", peer, families, restartTime }),
    );
    s.on("routes:purge-stale", (family) => emitLine(sink, { event: "routes-stale-purged", peer, family }));
    s.on("session:error", (e) => emitLine(sink, { event: "session-error", peer, message: e.message }));
    if (opts.verbose) s.on("log", (level, message) => emitLine(sink, { event: "log", peer, level, message }));
  }
  speaker.once("speaker:listening", () => flushCount());
  await speaker.start();
  return speaker;
}
