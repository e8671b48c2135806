/**
 * BGP roles (RFC 9234 §4.1) and the pairs that may form a session (RFC 9234 §4.2, Table 2).
 * The FSM sends a Role Mismatch (`roleMismatchError`) when `rolesMatch` is false.
 */

/** BGP Role capability values (RFC 9234 §4.1). */
export const BgpRole = {
  PROVIDER: 0,
  ROUTE_SERVER: 1,
  ROUTE_SERVER_CLIENT: 2,
  CUSTOMER: 3,
  PEER: 4,
} as const;

/** The role the peer must have for each local role (RFC 9234 §4.2, Table 2). */
const expectedPeerRole: Readonly<Record<number, number>> = {
  [BgpRole.PROVIDER]: BgpRole.CUSTOMER,
  [BgpRole.CUSTOMER]: BgpRole.PROVIDER,
  [BgpRole.ROUTE_SERVER]: BgpRole.ROUTE_SERVER_CLIENT,
  [BgpRole.ROUTE_SERVER_CLIENT]: BgpRole.ROUTE_SERVER,
  [BgpRole.PEER]: BgpRole.PEER,
};

/**
 * True when a session between `local` and `remote` roles is allowed (RFC 9234 §4.2). An
 * unknown local role never matches.
 */
export function rolesMatch(local: number, remote: number): boolean {
  return expectedPeerRole[local] === remote;
}
