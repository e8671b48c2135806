import { type RouteChange, v4Key } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, makeRib } from "./helpers.js";

// Operations on 3 peers × 6 prefixes with a handful of attribute variants.
const arbOp = fc.oneof(
  fc.record({
    kind: fc.constant("announce" as const),
    peer: fc.integer({ min: 0, max: 2 }),
    prefix: fc.integer({ min: 0, max: 5 }),
    pathLen: fc.integer({ min: 1, max: 3 }),
    lp: fc.constantFrom(100, 150),
  }),
  fc.record({
    kind: fc.constant("withdraw" as const),
    peer: fc.integer({ min: 0, max: 2 }),
    prefix: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant("down" as const), peer: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("stale" as const), peer: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("sweep" as const), peer: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("flush" as const) }),
);

describe("Rib invariants under random operations", () => {
  it("replaying the change stream reproduces the Loc-RIB; attribute sets are freed exactly", () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 80 }), (ops) => {
        const rib = makeRib({ decision: { alwaysCompareMed: true } });
        const peers = [0, 1, 2].map((i) =>
          rib.addPeer({ address: { afi: 1, addr: 0xc6120001 + i }, asn: 65000, routerId: 10 + i }),
        );
        const prefixes = [0, 1, 2, 3, 4, 5].map((i) => ({
          afi: 1 as const,
          addr: 0xc6120000 + i * 256,
          len: 24,
        }));
        // Replayed view: prefix key → [peer id, local pref, path length] of the reported best.
        const view = new Map<number, string>();
        let lastSeq = 0;
        const apply = (cs: readonly RouteChange[]) => {
          for (const c of cs) {
            expect(c.seq).toBe(++lastSeq);
            const k = v4Key(c.prefix.addr as number, c.prefix.len);
            if (c.op === "withdraw") {
              expect(view.has(k)).toBe(true);
              view.delete(k);
            } else {
              expect(view.has(k)).toBe(c.op === "replace");
              const b = c.best!;
              view.set(k, `${b.peer.id}/${b.attrs.localPref}/${b.attrs.asPath![0]!.asns.length}`);
            }
          }
        };
        rib.onChange(apply);
        for (const op of ops) {
          if (op.kind === "announce") {
            const path = Array.from({ length: op.pathLen }, (_, i) => 65100 + i);
            rib.announce(
              peers[op.peer]!,
              prefixes[op.prefix]!,
              attrs(path, "198.18.0.1", { localPref: op.lp }),
            );
          } else if (op.kind === "withdraw") rib.withdraw(peers[op.peer]!, prefixes[op.prefix]!);
          else if (op.kind === "down") rib.peerDown(peers[op.peer]!);
          else if (op.kind === "stale") rib.markStale(peers[op.peer]!);
          else if (op.kind === "sweep") rib.sweepStale(peers[op.peer]!);
          else rib.flush();
        }
        rib.flush();
        const truth = new Map<number, string>();
        const used = new Set<unknown>();
        for (const d of rib.destinations()) {
          const b = d.best!;
          truth.set(
            v4Key(d.prefix.addr as number, d.prefix.len),
            `${b.peer.id}/${b.attrs!.attrs.localPref}/${b.attrs!.pathLength}`,
          );
          // Reference: the best has the highest LOCAL_PREF, then the shortest path, then lowest router ID.
          for (const r of d.routes) {
            const better =
              r.attrs!.attrs.localPref! > b.attrs!.attrs.localPref! ||
              (r.attrs!.attrs.localPref === b.attrs!.attrs.localPref &&
                r.attrs!.pathLength < b.attrs!.pathLength);
            expect(better).toBe(false);
            used.add(r.received);
          }
        }
        expect(view).toEqual(truth);
        expect(rib.store.size).toBe(used.size);
      }),
      { seed: 7911, numRuns: 400 },
    );
  });
});
