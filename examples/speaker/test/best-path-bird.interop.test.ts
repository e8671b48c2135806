/**
 * Best-path differential against BIRD 2, end to end through our speaker (issue 4 §5). Four
 * ExaBGP peers in network namespaces (e1, e2 eBGP; i1, i2 iBGP) announce the same seeded random
 * scenarios, over IPv4 and IPv6 sessions, at the same time to BIRD and to `tsbgp-bench-dut` (our
 * FSM speaker with a `@tsbgp/rib` RIB). Each prefix gets random ORIGIN, AS_PATH (lengths, an
 * AS_SET now and then, iBGP paths from several neighbouring ASes so MED is compared), MED,
 * LOCAL_PREF (iBGP), communities, large communities, third-party next hops and (iBGP)
 * ORIGINATOR_ID / CLUSTER_LIST. For every prefix, the best path BIRD selects (`show route all`,
 * parsed by bird-routes.ts)
 * and ours (the Loc-RIB dumped on SIGUSR2) must come from the same peer with the same attributes.
 *
 * BIRD options set to match our decision process (bird-options.ts, and
 * docs/interop-bird-differential.md): `deterministic med on` (ours: `deterministicMed: true`,
 * since both receive in different orders), and BIRD's defaults pinned: `med metric off`,
 * `igp metric on`, `prefer older off`, `default bgp_med 0`, `default bgp_local_pref 100`.
 */
import type { Host } from "@tsbgp/testkit";
import { Bird, ExaBgp, Lab, waitFor } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocRibEntry } from "../src/dut/loc-rib-dump.js";
import {
  generateBestPathScenarios,
  LOCAL_AS,
  PEERS,
  v4Prefix,
  v6Prefix,
} from "./differential/best-path-scenarios.js";
import { applyBirdDecisionOptions, OUR_DECISION } from "./differential/bird-options.js";
import { type BirdPath, birdPaths } from "./differential/bird-routes.js";
import { type GeneratedRoute, installStaticRoutes } from "./differential/generated-route.js";
import { diffViews, type PathView, viewOfDaemonRoute, viewOfLocRib } from "./differential/path-view.js";
import { RibSpeaker } from "./differential/rib-speaker.js";

const SEED = 4271;
const V4_SCENARIOS = 240;
const V6_SCENARIOS = 120;
const TIE_BREAK_SCENARIOS = 60;
const ALL = V4_SCENARIOS + V6_SCENARIOS + TIE_BREAK_SCENARIOS;
const ROUTER_ID = "10.0.0.100";

const isScenarioPrefix = (p: string): boolean => p.startsWith("198.18.") || p.startsWith("2001:db8:8");

describe("best path: BIRD 2 vs our RIB speaker, over BGP", () => {
  let lab: Lab;
  let bird: Bird;
  let ours: RibSpeaker;
  let expectedPaths = 0;
  let expectedPrefixes = 0;
  let birdRoutes: BirdPath[] = [];
  let locRib: LocRibEntry[] = [];

  beforeAll(async () => {
    lab = await Lab.create();
    const names = ["bird", "ours", ...PEERS.map((p) => p.name)];
    const hosts: Host[] = [];
    for (const n of names) hosts.push(await lab.host(n));
    const seg = await lab.segment(hosts);
    const [birdEnd, oursEnd, ...peerEnds] = seg.members;
    const addr = peerEnds.map((e) => ({ v4: e.v4 as string, v6: e.v6 as string }));
    const feeds = generateBestPathScenarios(
      SEED,
      { v4: V4_SCENARIOS, v6: V6_SCENARIOS, tieBreak: TIE_BREAK_SCENARIOS },
      addr,
    );
    expectedPaths = feeds.reduce((n, f) => n + f.length, 0);
    expectedPrefixes = new Set(feeds.flat().map((r) => r.prefix)).size;

    const sessions = PEERS.flatMap((p, k) => [
      { address: addr[k]!.v4, asn: p.asn },
      { address: addr[k]!.v6, asn: p.asn },
    ]);
    bird = await Bird.start(hosts[0]!, {
      routerId: ROUTER_ID,
      localAs: LOCAL_AS,
      neighbors: sessions.map((s) => ({ address: s.address, remoteAs: s.asn, passive: true })),
    });
    await applyBirdDecisionOptions(bird);
    ours = await RibSpeaker.start(hosts[1]!, {
      mode: "ingest",
      localAs: LOCAL_AS,
      routerId: ROUTER_ID,
      peers: sessions,
      decision: OUR_DECISION,
    });
    const targets = [birdEnd!.v4!, birdEnd!.v6!, oursEnd!.v4!, oursEnd!.v6!];
    const exa = await Promise.all(
      PEERS.map((p, k) =>
        ExaBgp.start(hosts[k + 2]!, {
          routerId: p.routerId,
          localAs: p.asn,
          neighbors: targets.map((t) => ({ address: t, remoteAs: LOCAL_AS })),
        }),
      ),
    );
    // Each route goes to BIRD and to us, over the session of its family.
    await Promise.all(
      exa.map((e, k) => {
        const v4 = feeds[k]!.filter((r) => !r.prefix.includes(":"));
        const v6 = feeds[k]!.filter((r) => r.prefix.includes(":"));
        const byNeighbor = new Map<string, readonly GeneratedRoute[]>([
          [targets[0]!, v4],
          [targets[1]!, v6],
          [targets[2]!, v4],
          [targets[3]!, v6],
        ]);
        return installStaticRoutes(e, byNeighbor);
      }),
    );
    await Promise.all(exa.flatMap((e) => targets.map((t) => e.waitEstablished(t, 40_000)))).catch(
      async (e: unknown) => {
        throw new Error(`${String(e)}\n--- our speaker ---\n${(await ours.logs()).slice(-4_000)}`);
      },
    );
    await waitFor(
      async () => {
        birdRoutes = (await birdPaths(bird)).filter((r) => isScenarioPrefix(r.prefix));
        locRib = (await ours.locRib()).filter((e) => isScenarioPrefix(e.prefix));
        const ourPaths = locRib.reduce((n, e) => n + e.paths, 0);
        return birdRoutes.length >= expectedPaths && ourPaths >= expectedPaths;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: `${expectedPaths} paths in BIRD and in our RIB` },
    ).catch(() => undefined); // the tests below show what differs
  }, 150_000);

  afterAll(async () => {
    if (!lab) return;
    await lab.destroy();
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
    expect(lab.processes.filter((p) => p.running)).toEqual([]);
  });

  it("both hold every generated path, and the same number per prefix", () => {
    expect(birdRoutes.length).toBe(expectedPaths);
    const birdCount = new Map<string, number>();
    for (const r of birdRoutes) birdCount.set(r.prefix, (birdCount.get(r.prefix) ?? 0) + 1);
    const ourCount = new Map(locRib.map((e) => [e.prefix, e.paths]));
    expect(ourCount).toEqual(birdCount);
    expect(ourCount.size).toBe(expectedPrefixes);
    // Nearly every scenario is announced by someone (each peer skips a prefix with p = 0.2).
    expect(expectedPrefixes).toBeGreaterThan(ALL * 0.99);
  });

  it(`chooses the same best path with the same attributes for all ${ALL} prefixes`, () => {
    const theirs = new Map<string, PathView>(
      birdRoutes.filter((r) => r.best).map((r) => [r.prefix, viewOfDaemonRoute(r)]),
    );
    const mine = new Map<string, PathView>(locRib.map((e) => [e.prefix, viewOfLocRib(e)]));
    expect(diffViews(theirs, mine, "BIRD", "ours")).toEqual([]);
    expect(mine.size).toBe(new Set(birdRoutes.map((r) => r.prefix)).size);
    // Both families took part.
    expect(mine.has(v4Prefix(0)) || mine.has(v4Prefix(1))).toBe(true);
    expect(mine.has(v6Prefix(0)) || mine.has(v6Prefix(1))).toBe(true);
  });

  it("the scenarios exercise every decision step that can decide here", () => {
    const reasons = new Set(locRib.map((e) => e.reason));
    for (const step of [
      "only-route",
      "local-pref",
      "as-path-length",
      "origin",
      "med",
      "ebgp-over-ibgp",
      "router-id",
      "cluster-list-length",
      "peer-address",
    ]) {
      expect(reasons, step).toContain(step);
    }
  });
});
