/**
 * The session attributes of RFC 4271 §8.1.1 (mandatory timers and the optional attributes)
 * that change how the FSM behaves. Times are in seconds.
 */

/** FSM configuration for one peer. */
export interface FsmConfig {
  /** ConnectRetryTime (RFC 4271 §10 suggests 120 s). */
  readonly connectRetryTime: number;
  /** Our proposed HoldTime (RFC 4271 §10 suggests 90 s; 0 or at least 3). */
  readonly holdTime: number;
  /** The "large value" the hold timer runs with while waiting for OPEN (§8.2.2 suggests 4 minutes). */
  readonly largeHoldTime: number;
  /** AllowAutomaticStart: failures restart the session by themselves (after IdleHoldTime). */
  readonly allowAutomaticStart: boolean;
  /** AllowAutomaticStop: AutomaticStop (Event 8) is honoured. */
  readonly allowAutomaticStop: boolean;
  /** PassiveTcpEstablishment: wait for the peer to connect, never connect ourselves. */
  readonly passiveTcpEstablishment: boolean;
  /** DelayOpen: wait DelayOpenTime after the connection before sending OPEN. */
  readonly delayOpen: boolean;
  /** DelayOpenTime in seconds. */
  readonly delayOpenTime: number;
  /** SendNOTIFICATIONwithoutOPEN: allow a NOTIFICATION before our OPEN was sent. */
  readonly sendNotificationWithoutOpen: boolean;
  /** CollisionDetectEstablishedState: an OPEN colliding with an Established session is checked too. */
  readonly collisionDetectEstablishedState: boolean;
  /** DampPeerOscillations: IdleHoldTime doubles on each failure close to the previous one. */
  readonly dampPeerOscillations: boolean;
  /** IdleHoldTime: wait before an automatic restart after a failure. */
  readonly idleHoldTime: number;
  /** Upper bound of the damped IdleHoldTime. */
  readonly maxIdleHoldTime: number;
  /** A failure this long after the previous one resets IdleHoldTime to its initial value. */
  readonly dampQuietPeriod: number;
  /**
   * Back off connection attempts: the ConnectRetryTimer starts at `minConnectRetryTime` and
   * doubles per attempt that did not reach Established, up to `connectRetryTime` (see
   * `backoff.ts`). Off (the default), every wait is the RFC's constant ConnectRetryTime. The
   * three backoff attributes are optional so configurations written before them still type-check.
   */
  readonly connectRetryBackoff?: boolean;
  /** The first wait of the connect backoff, in seconds (default 1). */
  readonly minConnectRetryTime?: number;
  /** Jitter the ConnectRetryTimer by a factor from 0.75 to 1 (RFC 4271 §10). */
  readonly connectRetryJitter?: boolean;
}

/**
 * RFC 4271 §10 suggested values, with automatic restart and damping on (BIRD-like 5 s → 5 min).
 * The pure FSM keeps the RFC's constant, unjittered ConnectRetryTime by default; `BgpSession`
 * turns the backoff and the jitter on and starts IdleHoldTime at 1 s.
 */
export const DEFAULT_FSM_CONFIG: FsmConfig = {
  connectRetryTime: 120,
  holdTime: 90,
  largeHoldTime: 240,
  allowAutomaticStart: true,
  allowAutomaticStop: true,
  passiveTcpEstablishment: false,
  delayOpen: false,
  delayOpenTime: 5,
  sendNotificationWithoutOpen: false,
  collisionDetectEstablishedState: false,
  dampPeerOscillations: true,
  idleHoldTime: 5,
  maxIdleHoldTime: 300,
  dampQuietPeriod: 600,
  connectRetryBackoff: false,
  minConnectRetryTime: 1,
  connectRetryJitter: false,
};

/** Fills in the defaults for an FSM configuration. */
export function fsmConfig(partial: Partial<FsmConfig> = {}): FsmConfig {
  return { ...DEFAULT_FSM_CONFIG, ...partial };
}
