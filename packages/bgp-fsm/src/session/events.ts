/** The typed events of a session and a speaker (names are `namespace:verb`, js-libp2p style). */
import type { FamilyKey, RouteRefreshMessage, UpdateMessage } from "@tsbgp/bgp-wire";
import type { BgpSessionError, NotificationInfo } from "../errors.js";
import type { SessionStateName } from "../fsm/states.js";
import type { NegotiatedSession } from "../negotiate/negotiated.js";

/** Extra facts about a received UPDATE. */
export interface UpdateMeta {
  /** RFC 7606 treat-as-withdraw: every NLRI of this UPDATE must be treated as withdrawn. */
  readonly treatAsWithdraw: boolean;
  /** The End-of-RIB family when this UPDATE is an End-of-RIB marker (RFC 4724 §2). */
  readonly endOfRib: FamilyKey | null;
}

/** Events of a {@link BgpSession}. */
export type SessionEvents = {
  /** The FSM changed state. */
  "state:change": (from: SessionStateName, to: SessionStateName) => void;
  /** The session reached Established. */
  "session:established": (negotiated: NegotiatedSession) => void;
  /** The session left Established; `reason` says why. */
  "session:down": (reason: BgpSessionError) => void;
  /** An UPDATE arrived on the Established session. The message may alias the receive buffer. */
  "update:received": (update: UpdateMessage, meta: UpdateMeta) => void;
  /** An End-of-RIB marker arrived (RFC 4724 §2). */
  "end-of-rib:received": (family: FamilyKey) => void;
  /** A ROUTE-REFRESH arrived (RFC 2918, RFC 7313). */
  "route-refresh:received": (msg: RouteRefreshMessage) => void;
  /** We sent a NOTIFICATION. */
  "notification:sent": (n: NotificationInfo) => void;
  /** The peer sent a NOTIFICATION. */
  "notification:received": (n: NotificationInfo) => void;
  /** Delete every route learned from this peer (the session ended without graceful restart). */
  "routes:flush": () => void;
  /** Keep the peer's routes but mark them stale (RFC 4724 §4.2); they go after `restartTime` s. */
  "routes:stale": (families: readonly FamilyKey[], restartTime: number) => void;
  /** Delete the routes of `family` still marked stale (End-of-RIB or the restart timer). */
  "routes:purge-stale": (family: FamilyKey) => void;
  /** Something went wrong on this session (it may recover by itself). */
  "session:error": (err: Error) => void;
  /** Diagnostic text, for loggers. */
  log: (level: "debug" | "info" | "warn", message: string) => void;
};

/** Events of a {@link BgpSpeaker}. */
export type SpeakerEvents = {
  /** An incoming connection from an address that is not a configured peer was refused. */
  "connection:refused": (address: string, port: number) => void;
  /** The listener is up. */
  "speaker:listening": (address: string, port: number) => void;
  /** Listener failure. */
  "speaker:error": (err: Error) => void;
};
