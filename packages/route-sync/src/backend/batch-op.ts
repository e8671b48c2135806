/**
 * One batch op as a netlink message, and the error of an op that never reached the kernel.
 * @module
 */
import { encodeDelRoute, encodeNewRoute } from "../codec/route-codec.js";
import { RouteSyncError } from "../errors.js";
import type { NormalizedRoute, RouteOp } from "../model/kernel-route.js";
import { formatRoute } from "../model/route-key.js";
import { NlmFlags } from "../netlink/constants.js";
import type { NlWriter } from "../netlink/nl-writer.js";

/** Writes one op's message: NEWROUTE (add: CREATE|EXCL, replace: CREATE|REPLACE) or DELROUTE. */
export function writeOp(
  w: NlWriter,
  op: RouteOp["op"],
  r: NormalizedRoute,
  seq: number,
  ack: number,
  nexthopId: number,
): void {
  switch (op) {
    case "add":
      encodeNewRoute(w, r, NlmFlags.CREATE | NlmFlags.EXCL | ack, seq, nexthopId);
      return;
    case "replace":
      encodeNewRoute(w, r, NlmFlags.CREATE | NlmFlags.REPLACE | ack, seq, nexthopId);
      return;
    case "remove":
      encodeDelRoute(w, r, ack, seq);
      return;
    default: {
      const never: never = op;
      throw new RouteSyncError("INVALID_ROUTE", `unknown op ${String(never)}`);
    }
  }
}

/** The op's error: a `RouteSyncError` as is, anything else as INVALID_ROUTE naming the route. */
export function asError(e: unknown, op: RouteOp): RouteSyncError {
  if (e instanceof RouteSyncError) return e;
  return new RouteSyncError("INVALID_ROUTE", `${op.op} ${formatRoute(op.route)}: ${String(e)}`, { cause: e });
}
