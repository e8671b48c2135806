/** The receiving side of graceful restart (RFC 4724 §4.2, RFC 8538), on a manual clock. */
import { createContext } from "@tsbgp/bgp-wire";
import { describe, expect, it } from "vitest";
import {
  GracefulRestartHelper,
  ManualClock,
  type NegotiatedSession,
  STALE_PATH_TIME,
} from "../../src/index.js";

function negotiated(gr: NegotiatedSession["gracefulRestart"]): NegotiatedSession {
  return {
    peerAs: 65002,
    peerBgpId: 2,
    internal: false,
    holdTime: 90,
    keepaliveTime: 30,
    families: ["1/1", "2/1"],
    asn4: true,
    routeRefresh: true,
    enhancedRouteRefresh: false,
    extendedMessage: false,
    addPathReceive: [],
    addPathSend: [],
    extendedNextHop: [],
    gracefulRestart: gr,
    codec: createContext({ asn4: true }),
  };
}

const both = (notification = false) =>
  negotiated({
    restartTime: 30,
    peerRestarting: false,
    notification,
    families: [
      { family: "1/1", forwardingPreserved: true },
      { family: "2/1", forwardingPreserved: true },
    ],
  });

function setup() {
  const clock = new ManualClock();
  const events: string[] = [];
  const sink = {
    emit: (event: string, ...a: unknown[]) => {
      events.push([event, ...a.map((x) => JSON.stringify(x))].join(" "));
      return true;
    },
  };
  const gr = new GracefulRestartHelper(sink as never, clock);
  return { clock, events, gr };
}

describe("GracefulRestartHelper", () => {
  it("keeps routes stale for the restart time, then purges them if the peer does not return", () => {
    const { clock, events, gr } = setup();
    gr.sessionDown(both());
    expect(events).toEqual(['routes:stale ["1/1","2/1"] 30']);
    clock.advance(29_999);
    expect(events).toHaveLength(1);
    clock.advance(1);
    expect(events.slice(1)).toEqual(['routes:purge-stale "1/1"', 'routes:purge-stale "2/1"']);
  });

  it("purges each family at its End-of-RIB once the peer is back", () => {
    const { clock, events, gr } = setup();
    gr.sessionDown(both());
    clock.advance(5000);
    gr.sessionUp(both());
    expect(gr.staleFamilies).toEqual(["1/1", "2/1"]);
    gr.endOfRib("2/1");
    expect(events.at(-1)).toBe('routes:purge-stale "2/1"');
    gr.endOfRib("1/1");
    expect(gr.staleFamilies).toEqual([]);
    clock.advance(STALE_PATH_TIME * 1000);
    expect(events).toHaveLength(3);
  });

  it("purges at once a family whose forwarding state the restarted peer did not keep", () => {
    const { events, gr } = setup();
    gr.sessionDown(both());
    gr.sessionUp(
      negotiated({
        restartTime: 30,
        peerRestarting: true,
        notification: false,
        families: [{ family: "1/1", forwardingPreserved: true }],
      }),
    );
    expect(events.slice(1)).toEqual(['routes:purge-stale "2/1"']);
    expect(gr.staleFamilies).toEqual(["1/1"]);
  });

  it("flushes instead when a NOTIFICATION ended the session, unless both set the N bit (RFC 8538)", () => {
    const a = setup();
    a.gr.noteNotification({ code: 4, subcode: 0 });
    a.gr.sessionDown(both());
    expect(a.events).toEqual(["routes:flush"]);

    const b = setup();
    b.gr.noteNotification({ code: 4, subcode: 0 });
    b.gr.sessionDown(both(true));
    expect(b.events).toEqual(['routes:stale ["1/1","2/1"] 30']);

    const c = setup();
    c.gr.noteNotification({ code: 6, subcode: 9 }); // Hard Reset
    c.gr.sessionDown(both(true));
    expect(c.events).toEqual(["routes:flush"]);
  });

  it("flushes when graceful restart was not negotiated or we stopped the session", () => {
    const a = setup();
    a.gr.sessionDown(negotiated(null));
    expect(a.events).toEqual(["routes:flush"]);
    const b = setup();
    b.gr.localStop();
    b.gr.sessionDown(both());
    expect(b.events).toEqual(["routes:flush"]);
  });
});
