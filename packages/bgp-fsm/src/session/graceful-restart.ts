/**
 * The receiving side of graceful restart (RFC 4724 §4.2): when a session that negotiated it goes
 * down, the peer's routes are kept as stale for its restart time; after it comes back, each
 * family's stale routes go at its End-of-RIB, or at once if the peer no longer preserves it.
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
  }

  /**
   * The Established session ended. Routes are kept as stale only if graceful restart was
   * negotiated, we did not stop it, and no NOTIFICATION was exchanged, unless both sides set the
   * N bit and it was not a Hard Reset (RFC 8538 §3).
   */
  sessionDown(neg: NegotiatedSession | null): void {
    const gr = neg?.gracefulRestart;
    const n = this.notification;
    const hard = n !== null && n.code === ErrorCode.CEASE && n.subcode === CeaseSubcode.HARD_RESET;
    const keep = gr && gr.families.length > 0 && !this.stopping && (n === null || (gr.notification && !hard));
    this.notification = null;
    if (!gr || !keep) {
      this.purgeAll();
      this.sink.emit("routes:flush");
      return;
    }
    for (const f of gr.families) this.stale.add(f.family);
    this.sink.emit("routes:stale", [...this.stale], gr.restartTime);
    this.arm(gr.restartTime);
  }

  /** The session is Established again (RFC 4724 §4.2). */
  sessionUp(neg: NegotiatedSession): void {
    this.notification = null;
    this.stopping = false;
    if (this.stale.size === 0) return;
    this.disarm();
    const gr = neg.gracefulRestart;
    for (const f of [...this.stale]) {
      // No longer advertised, or forwarding state not preserved: the stale routes go now.
      if (!gr?.families.some((x) => x.family === f && x.forwardingPreserved)) this.purge(f);
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
