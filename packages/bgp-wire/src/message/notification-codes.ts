/**
 * NOTIFICATION subcodes not already in `errors.ts` (which holds the ones the decoder raises):
 * FSM, Cease and ROUTE-REFRESH errors, plus the ROUTE-REFRESH subtypes.
 */

/** Finite State Machine Error subcodes (RFC 6608 §3). */
export const FsmSubcode = {
  UNSPECIFIED: 0,
  UNEXPECTED_MESSAGE_IN_OPENSENT: 1,
  UNEXPECTED_MESSAGE_IN_OPENCONFIRM: 2,
  UNEXPECTED_MESSAGE_IN_ESTABLISHED: 3,
} as const;

/** Cease subcodes (RFC 4486 §4, RFC 8538 §5 Hard Reset, RFC 9384 BFD Down). */
export const CeaseSubcode = {
  MAXIMUM_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DECONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  HARD_RESET: 9,
  BFD_DOWN: 10,
} as const;

/** ROUTE-REFRESH Message Error subcodes (RFC 7313 §5). */
export const RouteRefreshErrorSubcode = {
  INVALID_MESSAGE_LENGTH: 1,
} as const;

/** ROUTE-REFRESH Message Subtype values (RFC 7313 §3.2). */
export const RouteRefreshSubtype = {
  /** A normal route refresh request (RFC 2918). */
  REQUEST: 0,
  /** Beginning of Route Refresh. */
  BORR: 1,
  /** End of Route Refresh. */
  EORR: 2,
} as const;
