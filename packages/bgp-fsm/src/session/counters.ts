/** Per-session counters (messages by type, bytes, last error, uptime). */
import type { BgpMessage } from "@tsbgp/bgp-wire";
import type { NotificationInfo } from "../errors.js";

/** Messages counted by type. */
export type MessageCounts = Record<BgpMessage["type"], number>;

const zero = (): MessageCounts => ({ OPEN: 0, UPDATE: 0, NOTIFICATION: 0, KEEPALIVE: 0, ROUTE_REFRESH: 0 });

/** The live counters of one session; read them at any time. */
export class SessionCounters {
  /** Messages received, by type. */
  readonly messagesIn: MessageCounts = zero();
  /** Messages sent, by type. */
  readonly messagesOut: MessageCounts = zero();
  /** Prefixes announced to us (NLRI seen, before any policy). */
  prefixesReceived = 0;
  /** Prefixes withdrawn by the peer. */
  prefixesWithdrawn = 0;
  /** Times the session reached Established. */
  establishedTransitions = 0;
  /** Times it left Established. */
  flaps = 0;
  /** Last error that ended the session, as text. */
  lastError: string | undefined;
  /** Last NOTIFICATION we sent. */
  lastNotificationSent: NotificationInfo | undefined;
  /** Last NOTIFICATION we received. */
  lastNotificationReceived: NotificationInfo | undefined;
  /** Clock time (ms) the session last became Established, or undefined while it is not. */
  establishedAt: number | undefined;

  /** Milliseconds since Established at clock time `now`, 0 when not Established. */
  uptime(now: number): number {
    return this.establishedAt === undefined ? 0 : now - this.establishedAt;
  }

  /** A JSON-friendly snapshot. */
  snapshot(now: number): Record<string, unknown> {
    return {
      messagesIn: { ...this.messagesIn },
      messagesOut: { ...this.messagesOut },
      prefixesReceived: this.prefixesReceived,
      prefixesWithdrawn: this.prefixesWithdrawn,
      establishedTransitions: this.establishedTransitions,
      flaps: this.flaps,
      lastError: this.lastError,
      uptimeMs: this.uptime(now),
    };
  }
}
