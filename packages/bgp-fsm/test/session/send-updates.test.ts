/** The initial table and its End-of-RIB markers (RFC 4724 §2). */
import { type BgpMessage, type UpdateMessage, isEndOfRib } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { establishWithFake } from "./fake-peer.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

const BOTH = { families: ["1/1", "2/1"] as const };

/** The End-of-RIB family of each UPDATE received, or "routes" for an ordinary UPDATE. */
function kinds(received: readonly BgpMessage[]): string[] {
  return received
    .filter((m): m is UpdateMessage => m.type === "UPDATE")
    .map((m) => isEndOfRib(m) ?? "routes");
}

describe("sendInitialTable", () => {
  it("sends the table, then one End-of-RIB per negotiated family not yet marked", async () => {
    const f = await establishWithFake({ peer: BOTH, open: { capabilities: BOTH } });
    cleanup.push(
      () => f.speaker.stop(),
      () => f.fake.close(),
    );
    expect(f.session.endOfRibSent.size).toBe(0);
    const table: UpdateMessage[] = [
      {
        type: "UPDATE",
        withdrawn: [],
        attributes: { origin: 0, asPath: [], nextHop: { afi: 1, addr: 0x7f000001 } },
        nlri: [{ prefix: { afi: 1, addr: 0x0a000000, len: 8 } }],
      },
    ];
    expect(await f.session.sendInitialTable(table)).toBe(1);
    await f.conn.next("UPDATE");
    await f.conn.next("UPDATE");
    await f.conn.next("UPDATE");
    expect(kinds(f.conn.received)).toEqual(["routes", "1/1", "2/1"]);
    expect([...f.session.endOfRibSent]).toEqual(["1/1", "2/1"]);
    // Already marked: a second call sends no second marker.
    expect(await f.session.sendInitialTable([])).toBe(0);
    f.session.sendEndOfRib("2/1");
    await f.conn.next("UPDATE");
    expect(kinds(f.conn.received)).toEqual(["routes", "1/1", "2/1", "2/1"]);
  });
});
