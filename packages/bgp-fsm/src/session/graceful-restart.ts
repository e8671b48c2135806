/**
 * The receiving side of graceful restart (RFC 4724 §4.2): when a session that negotiated it goes
 * down, the peer's routes are kept as stale for its restart time; after it comes back, each
 * family's stale routes go at its End-of-RIB, or at once if the peer no longer preserves it.
 *
 * The restarting side (§4.1) keeps the routes learned from the peer the same way when we stop
 * for a restart ourselves ({@link GracefulRestartHelper.localRestart}): they stay stale until the
 * peer sends them again and its End-of-RIB, whatever the peer's own F bits say.
 */
import { CeaseSubcode, ErrorCode, type FamilyKey } from "@tsbgp/bgp-wire";
import type { NotificationInfo } from "../errors.js";
import type { NegotiatedSession } from "../negotiate/negotiated.js";
import type { Clock, TimerHandle } from "./clock.js";

/** Where the helper reports its decisions (the session's events). */
export interface GracefulRestartSink {
  emit(event: "routes:flush"): boolean;
  emit(event: "routes:stale", families: readonly FamilyKey[], restartTime: number): boolean;
  emit(event: "routes:purge-stale", family: FamilyKey): boolean;
}

/** How long stale routes wait for End-of-RIB after the session is back (FRR's stalepath-time). */
export const STALE_PATH_TIME = 360;

/** Tracks stale families of one peer across its restarts. */
export class GracefulRestartHelper {
  private readonly stale = new Set<FamilyKey>();
  private timer: TimerHandle | null = null;
  private notification: NotificationInfo | null = null;
  private stopping = false;
  /** Seconds to keep the peer's routes while we restart ourselves; null when not restarting. */
  private restartingFor: number | null = null;
  /** The stale routes come from our own restart, not the peer's. */
  private staleFromLocalRestart = false;

  /** Creates a helper reporting to `sink`, timing with `clock`. */
  constructor(
    private readonly sink: GracefulRestartSink,
    private readonly clock: Clock,
  ) {}

  /** Families currently stale. */
  get staleFamilies(): readonly FamilyKey[] {
    return [...this.stale];
  }

  /** A NOTIFICATION was sent or received on the session (it usually voids graceful restart). */
  noteNotification(n: NotificationInfo): void {
    this.notification = n;
  }

  /** We are stopping the session ourselves: nothing is kept. */
  localStop(): void {
    this.stopping = true;
    this.restartingFor = null;
  }

  /**
   * We are stopping the session to restart (RFC 4724 §4.1): if graceful restart was negotiated,
   * the routes learned from the peer are kept as stale for `restartTime` seconds (our own
   * restart time: how long we asked the peer to wait for us).
   */
  localRestart(restartTime: number): void {
    this.stopping = false;
    this.restartingFor = restartTime;
  }

  /**
   * The Established session ended. Routes are kept as stale only if graceful restart was
   * negotiated, we did not stop it, and no NOTIFICATION was exchanged, unless both sides set the
   * N bit and it was not a Hard Reset (RFC 8538 §3).
   */
  sessionDown(neg: NegotiatedSession | null): readonly FamilyKey[] {
    const gr = neg?.gracefulRestart;
    const n = this.notification;
    const hard = n !== null && n.code === ErrorCode.CEASE && n.subcode === CeaseSubcode.HARD_RESET;
    const local = this.restartingFor;
    const keep =
      gr &&
      gr.families.length > 0 &&
      !this.stopping &&
      (local !== null || n === null || (gr.notification && !hard));
    this.notification = null;
    this.restartingFor = null;
    if (!gr || !keep) {
      this.purgeAll();
      this.sink.emit("routes:flush");
      return [];
    }
    // A local restart keeps the families the session carried; the peer's F bits are about the
    // peer's own restarts (§3), not ours.
    for (const f of local !== null ? (neg?.families ?? []) : gr.families.map((x) => x.family))
      this.stale.add(f);
    this.staleFromLocalRestart = local !== null;
    const time = local ?? gr.restartTime;
    const families = [...this.stale];
    this.sink.emit("routes:stale", families, time);
    this.arm(time);
    return families;
  }

  /** The session is Established again (RFC 4724 §4.2). */
  sessionUp(neg: NegotiatedSession): void {
    this.notification = null;
    this.stopping = false;
    this.restartingFor = null;
    if (this.stale.size === 0) return;
    this.disarm();
    const gr = neg.gracefulRestart;
    const local = this.staleFromLocalRestart;
    this.staleFromLocalRestart = false;
    for (const f of [...this.stale]) {
      // After the peer's restart: no longer advertised, or forwarding state not preserved, and
      // the stale routes go now (§4.2). After ours: they wait for the peer's End-of-RIB (§4.1)
      // unless the family is no longer exchanged at all.
      const kept = local
        ? neg.families.includes(f)
        : gr?.families.some((x) => x.family === f && x.forwardingPreserved) === true;
      if (!kept) this.purge(f);
    }
    if (this.stale.size > 0) this.arm(STALE_PATH_TIME);
  }

  /** End-of-RIB received for `family`. */
  endOfRib(family: FamilyKey): void {
    if (!this.stale.has(family)) return;
    this.purge(family);
    if (this.stale.size === 0) this.disarm();
  }

  /** Purges everything still stale (timer expiry or teardown). */
  purgeAll(): void {
    this.disarm();
    for (const f of [...this.stale]) this.purge(f);
  }

  private purge(f: FamilyKey): void {
    this.stale.delete(f);
    this.sink.emit("routes:purge-stale", f);
  }

  private arm(seconds: number): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.purgeAll();
    }, seconds * 1000);
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
