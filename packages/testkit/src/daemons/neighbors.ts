import { TestkitError, TestkitErrorCode } from "../errors.js";
import type { Announcement, DaemonOptions, Family, NeighborSpec, Origin } from "./types.js";

/** Default hold time: short enough for tests, long enough for a loaded 2-core CI box. */
export const DEFAULT_HOLD_TIME = 90;

/** Default graceful-restart time (RFC 4724 §3 leaves it to the implementation). */
export const DEFAULT_RESTART_TIME = 120;

/** Family of an address: anything with a colon is IPv6. */
export function familyOf(addressOrPrefix: string): Family {
  return addressOrPrefix.includes(":") ? "ipv6" : "ipv4";
}

/** Families to negotiate with `n`. */
export function familiesOf(n: NeighborSpec): readonly Family[] {
  return n.families ?? [familyOf(n.address)];
}

/** Whether the session with `n` is internal (RFC 4271 §1.1: same AS). */
export function isIbgp(n: NeighborSpec, options: DaemonOptions): boolean {
  return n.ibgp ?? n.remoteAs === options.localAs;
}

/** Hold time and keepalive (a third of it, RFC 4271 §10) for `n`. */
export function timersOf(n: NeighborSpec): { hold: number; keepalive: number } {
  const hold = n.holdTime ?? DEFAULT_HOLD_TIME;
  return { hold, keepalive: Math.max(1, Math.floor(hold / 3)) };
}

/** Graceful-restart time for `n`, or `undefined` if not enabled. */
export function restartTimeOf(n: NeighborSpec): number | undefined {
  if (!n.gracefulRestart) return undefined;
  return n.gracefulRestart === true
    ? DEFAULT_RESTART_TIME
    : (n.gracefulRestart.restartTime ?? DEFAULT_RESTART_TIME);
}

/** Split `"a:b"` / `"a:b:c"` into numbers, checking the arity. */
export function splitCommunity(text: string, parts: 2 | 3): number[] {
  const values = text.split(":").map(Number);
  if (values.length !== parts || values.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
    throw new TestkitError(
      TestkitErrorCode.INVALID_ARGUMENT,
      `bad ${parts === 2 ? "community" : "large community"} ${text}`,
    );
  }
  return values;
}

/** Origin of an announcement (default igp). */
export function originOf(a: Announcement): Origin {
  return a.origin ?? "igp";
}

/** Validate the neighbour list once for every driver. */
export function validateOptions(options: DaemonOptions): void {
  const seen = new Set<string>();
  for (const n of options.neighbors) {
    if (seen.has(n.address)) {
      throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `neighbor ${n.address} listed twice`);
    }
    seen.add(n.address);
    if (n.rrClient && !isIbgp(n, options)) {
      throw new TestkitError(
        TestkitErrorCode.INVALID_ARGUMENT,
        `rrClient ${n.address} must be iBGP (RFC 4456)`,
      );
    }
  }
}
