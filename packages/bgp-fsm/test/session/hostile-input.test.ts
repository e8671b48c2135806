/**
 * Hostile bytes from a peer never crash the process: whatever arrives, the session either stays
 * up (RFC 7606 survivable problems) or answers with a NOTIFICATION and goes Idle.
 */
import type { NotificationMessage } from "@tsbgp/bgp-wire";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FakeListener, establishWithFake } from "./fake-peer.js";
import { waitState } from "./loopback-helpers.js";

const MARKER = new Array(16).fill(0xff);
let listener: FakeListener;
afterAll(async () => {
  await listener?.close();
});

describe("hostile input after Established", () => {
  it("random UPDATE bodies end in a NOTIFICATION or leave the session up, never a crash", async () => {
    listener = await FakeListener.listen("127.0.0.2");
    let notified = 0;
    let survived = 0;
    let ended = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.constantFrom(2, 3, 4, 5),
        async (body, type) => {
          const f = await establishWithFake({ listener, peer: { fsm: { idleHoldTime: 600 } } });
          try {
            const len = 19 + body.length;
            f.conn.sendRaw(new Uint8Array([...MARKER, len >> 8, len & 255, type, ...body]));
            // A KEEPALIVE after it shows whether the session is still reading.
            f.conn.send({ type: "KEEPALIVE" });
            const k = f.session.counters.messagesIn.KEEPALIVE;
            while (f.session.counters.messagesIn.KEEPALIVE === k && f.session.state === "Established") {
              await new Promise((r) => setTimeout(r, 2));
            }
            if (f.session.state === "Established") {
              survived++;
            } else if (type === 3 && f.session.counters.lastNotificationReceived) {
              // The peer's own NOTIFICATION ends the session; none is sent back (RFC 4271 §6.4).
              await waitState(f.session, "Idle");
              ended++;
            } else {
              const n = (await f.conn.next("NOTIFICATION", 5000)) as NotificationMessage;
              expect(n.code).toBeGreaterThanOrEqual(1);
              expect(n.code).toBeLessThanOrEqual(7);
              await waitState(f.session, "Idle");
              notified++;
            }
          } finally {
            await f.speaker.stop();
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(notified + survived + ended).toBe(40);
    expect(notified).toBeGreaterThan(0);
  }, 120_000);
});
