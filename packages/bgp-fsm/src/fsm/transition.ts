/**
 * A mutable draft of one transition: the per-state handlers describe the RFC 4271 §8.2.2 steps
 * with these helpers, which keep the state and the action list in step.
 */
import type { NotificationInfo } from "../errors.js";
import type { FsmAction, TimerName } from "./actions.js";
import { connectRetryDelay } from "./backoff.js";
import type { FsmConfig } from "./config.js";
import { nextIdleHold } from "./damping.js";
import type { FsmState, PendingStart } from "./fsm-state.js";
import type { SessionStateName } from "./states.js";

/** The result of one step: the new state and the actions to perform, in order. */
export interface StepResult {
  readonly state: FsmState;
  readonly actions: readonly FsmAction[];
}

/** One transition being built. */
export class Transition {
  state: SessionStateName;
  connectRetryCounter: number;
  timers: Partial<Record<TimerName, number>>;
  holdTime: number;
  keepaliveTime: number;
  idleHoldTime: number;
  lastFailureAt: number | null;
  pendingStart: PendingStart | null;
  connectAttempts: number;
  jitterSeed: number;
  readonly actions: FsmAction[] = [];
  private readonly from: SessionStateName;

  constructor(
    s: FsmState,
    readonly config: FsmConfig,
    readonly now: number,
  ) {
    this.from = s.state;
    this.state = s.state;
    this.connectRetryCounter = s.connectRetryCounter;
    this.timers = { ...s.timers };
    this.holdTime = s.holdTime;
    this.keepaliveTime = s.keepaliveTime;
    this.idleHoldTime = s.idleHoldTime;
    this.lastFailureAt = s.lastFailureAt;
    this.pendingStart = s.pendingStart;
    this.connectAttempts = s.connectAttempts ?? 0;
    this.jitterSeed = s.jitterSeed ?? 0;
  }

  /** True if `timer` is running. */
  running(timer: TimerName): boolean {
    return this.timers[timer] !== undefined;
  }
  /** Starts or restarts a timer; a zero duration stops it instead (RFC 4271 §10: 0 = not used). */
  startTimer(timer: TimerName, seconds: number): this {
    if (seconds <= 0) return this.stopTimer(timer);
    this.timers[timer] = this.now + seconds * 1000;
    this.actions.push({ type: "start-timer", timer, seconds });
    return this;
  }
  /** Stops a timer if it runs ("sets it to zero"). */
  stopTimer(timer: TimerName): this {
    if (this.timers[timer] === undefined) return this;
    delete this.timers[timer];
    this.actions.push({ type: "stop-timer", timer });
    return this;
  }
  /**
   * Starts the ConnectRetryTimer for the next connection attempt: the constant ConnectRetryTime,
   * or the backed-off and jittered wait when configured (RFC 4271 §10; `backoff.ts`). Each call
   * counts one attempt; Established resets the count.
   */
  startConnectRetry(passive = this.config.passiveTcpEstablishment): this {
    const d = connectRetryDelay(this.connectAttempts, this.config, this.jitterSeed, passive);
    this.jitterSeed = d.seed;
    this.connectAttempts += 1;
    // A zero wait would stop the timer and leave the session waiting forever (§10: 0 = unused).
    return this.startTimer("connectRetry", d.seconds > 0 ? d.seconds : this.config.connectRetryTime);
  }
  /** Appends an action. */
  push(action: FsmAction): this {
    this.actions.push(action);
    return this;
  }
  /** Sends a NOTIFICATION. */
  notify(notification: NotificationInfo): this {
    return this.push({ type: "send-notification", notification });
  }
  /** Releases all BGP resources: the session timers stop; routes go when `deleteRoutes`. */
  release(deleteRoutes: boolean): this {
    for (const t of ["hold", "keepalive", "delayOpen"] as const) this.stopTimer(t);
    return this.push({ type: "release-resources", deleteRoutes });
  }
  /** Drops the TCP connection. */
  drop(): this {
    return this.push({ type: "drop-connection" });
  }
  /** Sends OPEN and waits for the peer's with the large hold timer (§8.2.2 "4 minutes"). */
  sendOpen(): this {
    this.push({ type: "send-open" });
    return this.startTimer("hold", this.config.largeHoldTime);
  }
  /**
   * Accepts a valid OPEN: send KEEPALIVE, then run the keepalive and hold timers with the
   * negotiated values, or neither when the hold time is zero (RFC 4271 §4.4, §8.2.2 Event 19/20).
   */
  acceptOpen(holdTime: number, keepaliveTime: number): this {
    this.holdTime = holdTime;
    this.keepaliveTime = keepaliveTime;
    this.push({ type: "send-keepalive" });
    if (holdTime > 0) {
      this.startTimer("keepalive", keepaliveTime);
      this.startTimer("hold", holdTime);
    } else {
      this.stopTimer("keepalive").stopTimer("hold");
    }
    return this;
  }
  /**
   * The common failure path: ConnectRetryCounter + 1 and, with automatic start allowed, an
   * IdleHoldTimer that restarts the session later, damped when DampPeerOscillations is set.
   */
  failed(): this {
    this.connectRetryCounter += 1;
    if (this.config.allowAutomaticStart) {
      const d = nextIdleHold(this, this.now, this.config);
      this.idleHoldTime = d.idleHoldTime;
      this.lastFailureAt = d.lastFailureAt;
      this.pendingStart = this.config.passiveTcpEstablishment ? "passive" : "active";
      this.startTimer("idleHold", this.idleHoldTime);
    }
    return this;
  }
  /** Moves to `to`. */
  go(to: SessionStateName): this {
    this.state = to;
    return this;
  }
  /** Freezes the draft into a {@link StepResult}, adding the state-change notice. */
  result(): StepResult {
    if (this.state !== this.from)
      this.actions.push({ type: "state-change", from: this.from, to: this.state });
    return {
      state: {
        state: this.state,
        connectRetryCounter: this.connectRetryCounter,
        timers: this.timers,
        holdTime: this.holdTime,
        keepaliveTime: this.keepaliveTime,
        idleHoldTime: this.idleHoldTime,
        lastFailureAt: this.lastFailureAt,
        pendingStart: this.pendingStart,
        connectAttempts: this.connectAttempts,
        jitterSeed: this.jitterSeed,
      },
      actions: this.actions,
    };
  }
}
