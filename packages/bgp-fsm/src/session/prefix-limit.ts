/**
 * Counts the distinct prefixes a peer currently announces, for the max-prefix limit
 * (RFC 4486 §4). Only kept when a limit is configured: IPv4 keys are numbers, others strings.
 */
import type { Nlri } from "@tsbgp/bgp-wire";

function key(n: Nlri): number | string {
  const p = n.prefix;
  if (p.afi === 1 && n.pathId === undefined) return p.addr * 64 + p.len;
  return `${p.afi}|${p.len}|${n.pathId ?? ""}|${Array.from(p.afi === 1 ? [p.addr] : p.addr).join(",")}`;
}

/** The set of prefixes announced by one peer. */
export class PrefixCounter {
  private readonly set = new Set<number | string>();

  /** Adds announced prefixes. */
  announce(list: readonly Nlri[]): void {
    for (const n of list) this.set.add(key(n));
  }
  /** Removes withdrawn prefixes. */
  withdraw(list: readonly Nlri[]): void {
    for (const n of list) this.set.delete(key(n));
  }
  /** Forgets everything (the session went down). */
  clear(): void {
    this.set.clear();
  }
  /** Distinct prefixes currently announced. */
  get size(): number {
    return this.set.size;
  }
}
