/**
 * Reflection differential against BIRD 2, end to end through our speaker (issue 4 §5). BIRD
 * and `tsbgp-bench-dut` in `rr` mode (our FSM speaker, `@tsbgp/rib` and its Adj-RIB-Out) are
 * both route reflectors, same router and cluster ID, for the same four ExaBGP clients in
 * network namespaces, over IPv4 and IPv6 sessions. Three clients announce overlapping seeded
 * random routes to both reflectors at once (some already carrying ORIGINATOR_ID and
 * CLUSTER_LIST, a few looping back to the reflector's cluster or router ID); the fourth only
 * listens. Every client must receive from our reflector exactly what it receives from BIRD:
 * the same prefixes with the same ORIGINATOR_ID, CLUSTER_LIST, NEXT_HOP, LOCAL_PREF, MED,
 * AS_PATH, ORIGIN and communities (RFC 4456 §6-§8, §10). Both reflectors run the same decision
 * options as the best-path differential (bird-options.ts).
 *
 * One documented difference: BIRD does not send a client a route whose NEXT_HOP is that
 * client's own address (such a route is useless to it); our Adj-RIB-Out sends it. Those routes
 * are checked separately (they are exactly ours-only, and BIRD never sends one), the rest must
 * be identical. See docs/interop-bird-differential.md.
 */
import type { ExaBgp, Host } from "@tsbgp/testkit";
import { Bird, ExaBgp as ExaBgpDriver, Lab, sleep, waitFor } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocRibEntry } from "../src/dut/loc-rib-dump.js";
import { applyBirdDecisionOptions, OUR_DECISION } from "./differential/bird-options.js";
import { type BirdPath, birdPaths } from "./differential/bird-routes.js";
import { type GeneratedRoute, installStaticRoutes } from "./differential/generated-route.js";
import { diffViews, type PathView, viewOfDaemonRoute } from "./differential/path-view.js";
import { CLIENTS, generateReflectionScenarios, RR_AS, RR_ID } from "./differential/reflection-scenarios.js";
import { RibSpeaker } from "./differential/rib-speaker.js";

const SEED = 4456;
const V4_SCENARIOS = 120;
const V6_SCENARIOS = 60;

const isScenarioPrefix = (p: string): boolean => p.startsWith("198.18.") || p.startsWith("2001:db8:40");

/** What one client received from one reflector, by prefix (the reflector's address left out). */
type Received = Map<string, PathView>;

describe("route reflection: BIRD 2 vs our RIB speaker as reflector, over BGP", () => {
  let lab: Lab;
  let bird: Bird;
  let ours: RibSpeaker;
  let exa: ExaBgp[] = [];
  let expectedPaths = 0;
  /** Paths neither reflector may accept: CLUSTER_LIST with our cluster ID, or our ORIGINATOR_ID. */
  let loops = 0;
  let birdRib: BirdPath[] = [];
  let ourRib: LocRibEntry[] = [];
  let fromBird: Received[] = [];
  let fromOurs: Received[] = [];
  let clientAddr: { v4: string; v6: string }[] = [];

  beforeAll(async () => {
    lab = await Lab.create();
    const hosts: Host[] = [];
    for (const n of ["bird", "ours", ...CLIENTS.map((c) => c.name)]) hosts.push(await lab.host(n));
    const seg = await lab.segment(hosts);
    const [birdEnd, oursEnd, ...clientEnds] = seg.members;
    clientAddr = clientEnds.map((e) => ({ v4: e.v4 as string, v6: e.v6 as string }));
    const feeds = generateReflectionScenarios(SEED, V4_SCENARIOS, V6_SCENARIOS, clientAddr);
    expectedPaths = feeds.reduce((n, f) => n + f.length, 0);
    loops = feeds.flat().filter((r) => r.originatorId === RR_ID || r.clusterList?.includes(RR_ID)).length;

    const sessions = clientAddr.flatMap((a) => [a.v4, a.v6]);
    bird = await Bird.start(hosts[0]!, {
      routerId: RR_ID,
      localAs: RR_AS,
      clusterId: RR_ID,
      neighbors: sessions.map((address) => ({ address, remoteAs: RR_AS, rrClient: true, passive: true })),
    });
    await applyBirdDecisionOptions(bird);
    ours = await RibSpeaker.start(hosts[1]!, {
      mode: "rr",
      localAs: RR_AS,
      routerId: RR_ID,
      peers: sessions.map((address) => ({ address, asn: RR_AS })),
      decision: OUR_DECISION,
    });
    const rr = { bird: [birdEnd!.v4!, birdEnd!.v6!], ours: [oursEnd!.v4!, oursEnd!.v6!] };
    const targets = [...rr.bird, ...rr.ours];
    exa = await Promise.all(
      CLIENTS.map((c, k) =>
        ExaBgpDriver.start(hosts[k + 2]!, {
          routerId: c.routerId,
          localAs: RR_AS,
          neighbors: targets.map((t) => ({ address: t, remoteAs: RR_AS })),
        }),
      ),
    );
    await Promise.all(
      exa.map((e, k) => {
        const v4 = feeds[k]!.filter((r) => !r.prefix.includes(":"));
        const v6 = feeds[k]!.filter((r) => r.prefix.includes(":"));
        const byNeighbor = new Map<string, readonly GeneratedRoute[]>([
          [rr.bird[0]!, v4],
          [rr.bird[1]!, v6],
          [rr.ours[0]!, v4],
          [rr.ours[1]!, v6],
        ]);
        return installStaticRoutes(e, byNeighbor);
      }),
    );
    await Promise.all(exa.flatMap((e) => targets.map((t) => e.waitEstablished(t, 40_000)))).catch(
      async (e: unknown) => {
        throw new Error(`${String(e)}\n--- our reflector ---\n${(await ours.logs()).slice(-4_000)}`);
      },
    );

    const collect = async (): Promise<void> => {
      const received = await Promise.all(exa.map((e) => e.routes()));
      const pick = (from: readonly string[]) =>
        received.map(
          (list) =>
            new Map(
              list
                .filter((r) => from.includes(r.fromPeer ?? "") && isScenarioPrefix(r.prefix))
                .map((r) => [r.prefix, viewOfDaemonRoute(r, "reflector")]),
            ),
        );
      fromBird = pick(rr.bird);
      fromOurs = pick(rr.ours);
    };
    // Both reflectors hold every route but the loops, then the clients catch up.
    const accepted = expectedPaths - loops;
    await waitFor(
      async () => {
        birdRib = (await birdPaths(bird)).filter((r) => isScenarioPrefix(r.prefix));
        ourRib = (await ours.locRib()).filter((e) => isScenarioPrefix(e.prefix));
        return birdRib.length === accepted && ourRib.reduce((n, e) => n + e.accepted, 0) === accepted;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: `${accepted} accepted paths in both reflectors` },
    ).catch(() => undefined); // the tests below show what differs
    await waitFor(
      async () => {
        await collect();
        return CLIENTS.every((_, k) => {
          const expected = expectedFor(birdRib, clientAddr[k]!);
          const own = withoutOwnNextHop(fromOurs[k]!, clientAddr[k]!);
          return fromBird[k]!.size === expected && own.size === expected;
        });
      },
      { timeoutMs: 30_000, intervalMs: 500, what: "clients received every reflected route" },
    ).catch(() => undefined); // the tests below show what differs
    // Anything either reflector sends beyond that arrives now too.
    await sleep(1_000);
    await collect();
  }, 150_000);

  afterAll(async () => {
    if (!lab) return;
    await lab.destroy();
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
    expect(lab.processes.filter((p) => p.running)).toEqual([]);
  });

  it("both reflectors accept the same paths, dropping the cluster and originator loops", () => {
    expect(loops).toBeGreaterThan(0);
    expect(birdRib.length).toBe(expectedPaths - loops);
    expect(ourRib.reduce((n, e) => n + e.accepted, 0)).toBe(expectedPaths - loops);
    const birdCount = new Map<string, number>();
    for (const r of birdRib) birdCount.set(r.prefix, (birdCount.get(r.prefix) ?? 0) + 1);
    expect(new Map(ourRib.map((e) => [e.prefix, e.accepted]))).toEqual(birdCount);
    const ourBest = new Map(ourRib.map((e) => [e.prefix, e.peer]));
    const birdBest = new Map(birdRib.filter((r) => r.best).map((r) => [r.prefix, r.fromPeer]));
    expect(ourBest).toEqual(birdBest);
  });

  it("every client receives the same routes and attributes from both reflectors", () => {
    const diffs = CLIENTS.flatMap((c, k) =>
      diffViews(fromBird[k]!, withoutOwnNextHop(fromOurs[k]!, clientAddr[k]!), "BIRD", "ours").map(
        (d) => `${c.name}: ${d}`,
      ),
    );
    expect(diffs).toEqual([]);
    // Not vacuous: each client got every prefix BIRD reflects to it, in both families.
    for (const [k] of CLIENTS.entries()) {
      expect(fromBird[k]!.size).toBe(expectedFor(birdRib, clientAddr[k]!));
      expect(fromBird[k]!.size).toBeGreaterThan(50);
      expect([...fromBird[k]!.keys()].some((p) => p.includes(":"))).toBe(true);
    }
  });

  it("the one difference: only we send a client routes whose next hop is the client itself", () => {
    let ownNextHop = 0;
    for (const [k] of CLIENTS.entries()) {
      const mine = [clientAddr[k]!.v4, clientAddr[k]!.v6];
      expect([...fromBird[k]!.values()].filter((v) => mine.includes(v.nextHop))).toEqual([]);
      ownNextHop += [...fromOurs[k]!.values()].filter((v) => mine.includes(v.nextHop)).length;
    }
    // The scenarios do produce such routes (a client announcing with another client's next hop).
    expect(ownNextHop).toBeGreaterThan(0);
  });

  it("reflected routes carry ORIGINATOR_ID and a CLUSTER_LIST starting with our cluster ID", () => {
    const all = fromOurs.flatMap((m) => [...m.values()]);
    expect(all.length).toBeGreaterThan(0);
    for (const v of all) {
      expect(v.originatorId).not.toBeNull();
      expect(v.clusterList[0]).toBe(RR_ID);
    }
    // Some kept an ORIGINATOR_ID and CLUSTER_LIST they already had (RFC 4456 §8).
    expect(all.some((v) => v.clusterList.length === 2 && v.originatorId?.startsWith("10.0.9."))).toBe(true);
  });
});

/** `received` without the routes whose next hop is the client's own address. */
function withoutOwnNextHop(received: Received, client: { v4: string; v6: string }): Received {
  return new Map([...received].filter(([, v]) => v.nextHop !== client.v4 && v.nextHop !== client.v6));
}

/**
 * How many prefixes BIRD reflects to a client: those whose best path neither came from the
 * client nor has the client's address as next hop.
 */
function expectedFor(rib: readonly BirdPath[], client: { v4: string; v6: string }): number {
  const own = [client.v4, client.v6];
  return rib.filter((r) => r.best && !own.includes(r.fromPeer ?? "") && !own.includes(r.nextHop)).length;
}
