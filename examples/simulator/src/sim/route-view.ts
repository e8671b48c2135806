/**
 * What one simulated node holds: its best route for each other node's block, with the next hop
 * it would program into the kernel. Fed from the agent's RIB change stream, the same batches the
 * agent turns into kernel routes, so the check costs no kernel dumps and sees every change.
 */
import type { RouteChange } from "@tsbgp/rib";
import { PeerKind } from "@tsbgp/rib";

/** Best routes of one node, by block (network address as uint32). */
export class RouteView {
  /** Block → first next hop (uint32) of the best route; the owner's address when it is among them. */
  readonly routes = new Map<number, number>();
  /** Route changes seen (adds, replaces and withdraws of learned routes). */
  changes = 0;

  /**
   * Creates a view; `ownerOf(block)` gives the owner's address (uint32) so the view can keep the
   * owner as next hop when the ECMP set holds it.
   */
  constructor(private readonly ownerOf: (block: number) => number | undefined) {}

  /** Applies one RIB change batch. */
  apply(batch: readonly RouteChange[]): void {
    for (const c of batch) {
      if (c.prefix.afi !== 1) continue;
      const block = c.prefix.addr as number;
      if (c.best === undefined) {
        if (this.routes.delete(block)) this.changes++;
        continue;
      }
      // Our own block, originated locally, is not a learned route.
      if (c.best.peer.kind === PeerKind.LOCAL) continue;
      const owner = this.ownerOf(block);
      let nextHop = 0;
      for (const h of c.nextHops) {
        if (h.afi !== 1) continue;
        const a = h.addr as number;
        if (nextHop === 0) nextHop = a;
        if (a === owner) nextHop = a;
      }
      this.routes.set(block, nextHop);
      this.changes++;
    }
  }

  /** Forget everything (the node went down). */
  clear(): void {
    this.routes.clear();
  }
}
