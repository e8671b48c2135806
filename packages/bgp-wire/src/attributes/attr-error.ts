/**
 * Building the errors of path attribute handling: each carries the RFC 4271 §6.3 subcode and
 * data, plus the RFC 7606 action chosen for that attribute (the per-attribute rules of RFC 7606
 * §7 live next to each attribute's codec).
 */
import { BgpWireError, ErrorCode, type Rfc7606ActionName } from "../errors.js";

/**
 * An UPDATE Message Error for one attribute. `data` is copied (RFC 4271 §6.3 sends "the
 * erroneous attribute (type, length, and value)" for most subcodes).
 */
export function attrError(
  message: string,
  subcode: number,
  action: Rfc7606ActionName,
  offset: number,
  data?: Uint8Array,
): BgpWireError {
  return new BgpWireError(message, {
    code: ErrorCode.UPDATE_MESSAGE,
    subcode,
    action,
    offset,
    ...(data ? { data: data.slice() } : {}),
  });
}

/**
 * Thrown by an attribute decoder for a malformed value; the attribute walker adds the offset,
 * the data (the whole attribute) and the RFC 7606 action from the descriptor or from here.
 */
export class MalformedAttribute {
  /**
   * @param message human description
   * @param subcode UPDATE Message Error subcode (RFC 4271 §6.3)
   * @param action overrides the descriptor's default action (e.g. AFI/SAFI disable for MP_REACH)
   */
  constructor(
    readonly message: string,
    readonly subcode: number,
    readonly action?: Rfc7606ActionName,
  ) {}
}
