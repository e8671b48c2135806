/**
 * The steps of the decision process, in the order they are applied, as recorded reasons
 * (GoBGP's `BestPathReason`). The order is RFC 4271 §9.1.2 with RFC 4456 §9 and the
 * tie-breakers BIRD 2 applies (`bgp_rte_better`): the router ID step comes before the
 * CLUSTER_LIST step, as RFC 4456 §9 places the CLUSTER_LIST test just before step g).
 */

/** Why a route won (or lost). Values are stable strings for logs and tests. */
export const DecisionReason = {
  /** The only usable route. */
  ONLY_ROUTE: "only-route",
  /** Next hop resolvable (RFC 4271 §9.1.2.1). */
  NEXT_HOP: "next-hop-reachable",
  /** Highest LOCAL_PREF (RFC 4271 §9.1.1). */
  LOCAL_PREF: "local-pref",
  /** Locally originated routes over learned ones (FRR, Cisco). */
  LOCAL_ORIGIN: "local-origin",
  /** Shortest AS_PATH (RFC 4271 §9.1.2.2 a). */
  AS_PATH: "as-path-length",
  /** Lowest ORIGIN (RFC 4271 §9.1.2.2 b). */
  ORIGIN: "origin",
  /** Lowest MED among routes from the same neighbouring AS (RFC 4271 §9.1.2.2 c). */
  MED: "med",
  /** eBGP-learned over iBGP-learned (RFC 4271 §9.1.2.2 d). */
  EBGP: "ebgp-over-ibgp",
  /** Lowest IGP cost to the next hop (RFC 4271 §9.1.2.2 e). */
  IGP_COST: "igp-cost",
  /** Lowest ORIGINATOR_ID or BGP identifier (RFC 4271 §9.1.2.2 f, RFC 4456 §9). */
  ROUTER_ID: "router-id",
  /** Shortest CLUSTER_LIST (RFC 4456 §9). */
  CLUSTER_LIST: "cluster-list-length",
  /** Lowest peer address (RFC 4271 §9.1.2.2 g). */
  PEER_ADDRESS: "peer-address",
  /** Lowest ADD-PATH path ID from the same peer (deterministic last resort). */
  PATH_ID: "path-id",
} as const;
/** One of the {@link DecisionReason} values. */
export type DecisionReasonName = (typeof DecisionReason)[keyof typeof DecisionReason];
