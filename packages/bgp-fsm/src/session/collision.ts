/** Connection collision resolution (RFC 4271 §6.8), as a pure decision. */
import type { ConnectionOrigin } from "./connection.js";

/**
 * Which of two connections to the same peer survives: the one opened by the speaker with the
 * higher BGP identifier (RFC 4271 §6.8; identifiers compared as unsigned 32-bit integers).
 * @returns the origin of the connection to keep
 */
export function collisionWinner(localId: number, remoteId: number): ConnectionOrigin {
  return localId >>> 0 > remoteId >>> 0 ? "local" : "remote";
}
