/**
 * Counts the distinct prefixes a peer currently holds with us, for the max-prefix limit
 * (RFC 4486 §4). Only kept when a limit is configured: IPv4 keys are numbers, others strings.
 *
 * Routes kept as stale across a graceful restart (RFC 4724 §4.2) still count until the peer
 * refreshes them (announces them again), withdraws them, or they are swept (End-of-RIB, the
 * restart timer); otherwise a peer could hold its old table as stale plus a full new one.
 */
import type { FamilyKey, Nlri } from "@tsbgp/bgp-wire";
import type { GracefulRestartSink } from "./graceful-restart.js";

type Key = number | string;

function key(n: Nlri): Key {
  const p = n.prefix;
  if (p.afi === 1 && n.pathId === undefined) return p.addr * 64 + p.len;
  return `${p.afi}|${p.len}|${n.pathId ?? ""}|${Array.from(p.afi === 1 ? [p.addr] : p.addr).join(",")}`;
}

/** The prefixes of one family: announced on the live session, and kept stale from before. */
interface FamilySets {
  readonly live: Set<Key>;
  stale: Set<Key>;
}

/** The prefixes announced by one peer, per family. */
export class PrefixCounter {
  private readonly families = new Map<FamilyKey, FamilySets>();

  private of(family: FamilyKey): FamilySets {
    let f = this.families.get(family);
    if (!f) {
      f = { live: new Set(), stale: new Set() };
      this.families.set(family, f);
    }
    return f;
  }

  /** Adds announced prefixes of `family` (default IPv4 unicast); a stale one is refreshed. */
  announce(list: readonly Nlri[], family: FamilyKey = "1/1"): void {
    if (list.length === 0) return;
    const f = this.of(family);
    for (const n of list) {
      const k = key(n);
      f.live.add(k);
      f.stale.delete(k);
    }
  }
  /** Removes withdrawn prefixes of `family`, stale or live. */
  withdraw(list: readonly Nlri[], family: FamilyKey = "1/1"): void {
    const f = this.families.get(family);
    if (!f) return;
    for (const n of list) {
      const k = key(n);
      f.live.delete(k);
      f.stale.delete(k);
    }
  }
  /** The session went down with graceful restart: every prefix of `families` becomes stale. */
  markStale(families: readonly FamilyKey[]): void {
    for (const family of families) {
      const f = this.families.get(family);
      if (!f) continue;
      for (const k of f.live) f.stale.add(k);
      f.live.clear();
    }
    // Families not kept stale are gone with the session (RFC 4724 §4.2).
    for (const [family, f] of this.families) if (!families.includes(family)) f.live.clear();
  }
  /** The stale prefixes of `family` were swept. */
  purgeStale(family: FamilyKey): void {
    const f = this.families.get(family);
    if (f) f.stale = new Set();
  }
  /** Forgets everything (the session went down and its routes were flushed). */
  clear(): void {
    this.families.clear();
  }
  /** Distinct prefixes currently counted, stale ones included. */
  get size(): number {
    let n = 0;
    for (const f of this.families.values()) n += f.live.size + f.stale.size;
    return n;
  }
  /** Stale prefixes still counted. */
  get staleSize(): number {
    let n = 0;
    for (const f of this.families.values()) n += f.stale.size;
    return n;
  }
}

/**
 * The graceful-restart helper's event sink for a session: events go to `target`, and the
 * prefix counter (if any) drops each family's stale prefixes when they are swept.
 */
export function countingSink(
  target: { emit(event: string, ...args: unknown[]): boolean },
  counter: PrefixCounter | null,
): GracefulRestartSink {
  return {
    emit: (event: "routes:flush" | "routes:stale" | "routes:purge-stale", ...args: unknown[]): boolean => {
      if (event === "routes:purge-stale") counter?.purgeStale(args[0] as FamilyKey);
      return target.emit(event, ...args);
    },
  };
}
