/** One connection attempt of a session and the FSM that drives it. */
import type { Socket } from "node:net";
import { ASN4_CONTEXT, type CodecContext } from "@tsbgp/bgp-wire";
import type { FsmConfig } from "../fsm/config.js";
import type { FsmState } from "../fsm/fsm-state.js";
import type { NegotiatedSession } from "../negotiate/negotiated.js";
import type { Connection, ConnectionOrigin } from "./connection.js";
import type { TimerSet } from "./timer-set.js";

/**
 * A session normally has one slot; a second one exists only while a colliding connection is
 * tracked until its OPEN decides which survives (RFC 4271 §6.8).
 */
export class Slot {
  /** The live connection, once TCP is up. */
  conn: Connection | null = null;
  /** An outgoing connect in progress. */
  pending: Socket | null = null;
  /** Who opened `conn`. */
  origin: ConnectionOrigin = "local";
  /** Set once the peer's OPEN was accepted. */
  negotiated: NegotiatedSession | null = null;
  /** The codec context: the baseline until OPEN negotiation, then the negotiated one. */
  codec: CodecContext = ASN4_CONTEXT;
  /** A slot being discarded after collision resolution: its actions emit no session events. */
  silent = false;

  /** Creates a slot with its FSM state and timers. */
  constructor(
    public fsm: FsmState,
    public config: FsmConfig,
    readonly timers: TimerSet,
  ) {}
}
