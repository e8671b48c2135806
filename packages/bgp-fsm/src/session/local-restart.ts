/**
 * The restarting side of graceful restart (RFC 4724 §4.1), as far as the OPEN goes: after we
 * restart, the OPENs we send carry the Restart State bit (R) until a session is Established
 * again, and the Forwarding State bits (F) say whether we kept forwarding for each family.
 */
import type { OpenMessage } from "@tsbgp/bgp-wire";
import { type LocalOpenParams, buildOpen } from "../negotiate/advertise.js";

/** Which OPEN a session sends, across its own restarts. */
export class LocalRestartState {
  private restarting: boolean;
  private forwardingPreserved: boolean;
  private readonly normal: OpenMessage;
  private restartOpen: OpenMessage;

  /**
   * Builds our OPENs from `params`. A configured `restarting: true` means this process has just
   * restarted: the R bit is set until the first Established session.
   */
  constructor(private readonly params: LocalOpenParams) {
    const gr = params.capabilities?.gracefulRestart;
    this.restarting = gr?.restarting ?? false;
    this.forwardingPreserved = gr?.forwardingPreserved ?? false;
    this.normal = this.build(false, this.forwardingPreserved);
    this.restartOpen = this.build(true, this.forwardingPreserved);
  }

  /** True when graceful restart is configured (the capability is advertised). */
  get configured(): boolean {
    return this.params.capabilities?.gracefulRestart !== undefined;
  }
  /** Our restart time in seconds (RFC 4724 §3), 0 when graceful restart is not configured. */
  get restartTime(): number {
    return this.params.capabilities?.gracefulRestart?.restartTime ?? 0;
  }
  /** True while our OPENs carry the Restart State bit. */
  get isRestarting(): boolean {
    return this.restarting && this.configured;
  }

  /** The OPEN to send now. */
  get open(): OpenMessage {
    return this.isRestarting ? this.restartOpen : this.normal;
  }

  /**
   * We stop to restart: the next OPENs carry R, and F as given (default: as configured), until
   * a session is Established again.
   */
  begin(
    forwardingPreserved: boolean = this.params.capabilities?.gracefulRestart?.forwardingPreserved ?? false,
  ): void {
    this.restarting = true;
    if (forwardingPreserved !== this.forwardingPreserved) {
      this.forwardingPreserved = forwardingPreserved;
      this.restartOpen = this.build(true, forwardingPreserved);
    }
  }

  /** A session reached Established: the restart is over, later OPENs carry no R bit. */
  established(): void {
    this.restarting = false;
  }

  private build(restarting: boolean, forwardingPreserved: boolean): OpenMessage {
    const caps = this.params.capabilities;
    const gr = caps?.gracefulRestart;
    if (!caps || !gr) return buildOpen(this.params);
    return buildOpen({
      ...this.params,
      capabilities: { ...caps, gracefulRestart: { ...gr, restarting, forwardingPreserved } },
    });
  }
}
