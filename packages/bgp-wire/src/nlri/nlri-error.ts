/**
 * Errors for NLRI fields. A syntactically wrong prefix list cannot be skipped, because the
 * next prefix starts where this one ends: RFC 7606 §5.3 leaves only session reset (or AFI/SAFI
 * disable for a multiprotocol family, see `attributes/mp-nlri.ts`).
 */
import { BgpWireError, ErrorCode, Rfc7606Action, UpdateSubcode } from "../errors.js";

/** An Invalid Network Field error (RFC 4271 §6.3: data field empty) at `offset`. */
export function invalidNetworkField(message: string, offset: number): BgpWireError {
  return new BgpWireError(message, {
    code: ErrorCode.UPDATE_MESSAGE,
    subcode: UpdateSubcode.INVALID_NETWORK_FIELD,
    offset,
    action: Rfc7606Action.SESSION_RESET,
  });
}

/** An error the encoder raises for a value it cannot put on the wire (code 0: local, never sent). */
export function encodeError(message: string): BgpWireError {
  return new BgpWireError(message, { code: 0, subcode: 0 });
}
