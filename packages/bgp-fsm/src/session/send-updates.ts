/** Writing a stream of messages to an Established session with bounded memory. */
import type { UpdateMessage } from "@tsbgp/bgp-wire";
import type { BgpSession } from "./session.js";

/**
 * Sends every message of `source`, waiting for the socket to drain whenever its buffer is full.
 * Corked, many small UPDATEs leave in one writev instead of one syscall each; the cork is lifted
 * on the next tick, so nothing waits while the source itself waits for data.
 * @returns the number of messages sent
 */
export async function pumpUpdates(
  s: BgpSession,
  source: Iterable<UpdateMessage | Uint8Array> | AsyncIterable<UpdateMessage | Uint8Array>,
): Promise<number> {
  let n = 0;
  let corked = false;
  const cork = (): void => {
    const sock = s.main.conn?.socket;
    if (corked || !sock) return;
    corked = true;
    sock.cork();
    process.nextTick(() => {
      corked = false;
      sock.uncork();
    });
  };
  for await (const m of source) {
    cork();
    const ok = m instanceof Uint8Array ? s.sendEncoded(m) : s.send(m);
    n++;
    if (!ok) await s.drain();
  }
  return n;
}

/**
 * Sends the initial table, then the End-of-RIB of each negotiated family not yet marked
 * (RFC 4724 §2, §4.1). Resolves with the number of UPDATEs sent, markers excluded.
 */
export async function sendInitialTable(
  s: BgpSession,
  source: Iterable<UpdateMessage | Uint8Array> | AsyncIterable<UpdateMessage | Uint8Array>,
): Promise<number> {
  const n = await pumpUpdates(s, source);
  for (const f of s.main.negotiated?.families ?? []) {
    if (s.endOfRibSent.has(f)) continue;
    if (!s.sendEndOfRib(f)) await s.drain();
  }
  return n;
}
