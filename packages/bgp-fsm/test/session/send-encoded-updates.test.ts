/** Many encoded UPDATEs in one buffer, one socket write (a peer group's shared encoding). */
import { ByteWriter, packUpdatesInto, type UpdateMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { BgpSessionError } from "../../src/index.js";
import { speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

describe("sendEncodedUpdates", () => {
  it("delivers every message of the buffer and counts each one", async () => {
    const pair = await speakerPair();
    cleanup.push(
      () => pair.a.stop(),
      () => pair.b.stop(),
    );
    // Not Established yet: refused, nothing counted.
    expect(() => pair.sa.sendEncodedUpdates(new Uint8Array(23), 1)).toThrowError(BgpSessionError);
    await pair.a.start();
    await pair.b.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const w = new ByteWriter();
    const attributes = {
      origin: 0 as const,
      asPath: [{ type: 2 as const, asns: [65001] }],
      nextHop: { afi: 1 as const, addr: 0x7f000001 },
    };
    const announce = Array.from({ length: 20000 }, (_, i) => ({
      prefix: { afi: 1 as const, addr: ((10 << 24) + i * 256) >>> 0, len: 24 },
    }));
    let count = packUpdatesInto(w, { attributes, announce }, pair.sa.negotiated!.codec);
    count += packUpdatesInto(w, { withdraw: announce.slice(0, 10) }, pair.sa.negotiated!.codec);
    // Two announcements at least, even with RFC 8654 extended messages, and a withdrawal.
    expect(count).toBeGreaterThanOrEqual(3);
    let prefixes = 0;
    let withdrawn = 0;
    let messages = 0;
    pair.sb.on("update:received", (u: UpdateMessage) => {
      messages++;
      prefixes += u.nlri.length;
      withdrawn += u.withdrawn.length;
    });
    const before = pair.sa.counters.messagesOut.UPDATE;
    pair.sa.sendEncodedUpdates(w.view(), count);
    expect(pair.sa.counters.messagesOut.UPDATE - before).toBe(count);
    const deadline = Date.now() + 10_000;
    while ((prefixes < 20000 || withdrawn < 10) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect({ messages, prefixes, withdrawn }).toEqual({ messages: count, prefixes: 20000, withdrawn: 10 });
  });
});
