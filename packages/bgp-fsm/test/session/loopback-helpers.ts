/** Helpers for loopback TCP tests: free ports, speaker pairs, waiting for events. */
import type { EventEmitter } from "node:events";
import { createServer } from "node:net";
import { BgpSpeaker, type BgpSession, type PeerConfig, type SessionStateName } from "../../src/index.js";

/** A TCP port that was free a moment ago on `host`. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Resolves when `session` is in `state` (now or later); rejects after `ms`. */
export function waitState(session: BgpSession, state: SessionStateName, ms = 10_000): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      session.off("state:change", on);
      reject(new Error(`${session.name} still ${session.state} after ${ms} ms, wanted ${state}`));
    }, ms);
    const on = (_from: SessionStateName, to: SessionStateName): void => {
      if (to !== state) return;
      clearTimeout(t);
      session.off("state:change", on);
      resolve();
    };
    session.on("state:change", on);
  });
}

/** Resolves with the arguments of the next `event` that satisfies `pred`. */
export function next<A extends unknown[]>(
  target: object,
  event: string,
  pred: (...a: A) => boolean = () => true,
  ms = 10_000,
): Promise<A> {
  // Typed emitters narrow on/off per event name; this helper works on any of them.
  const emitter = target as EventEmitter;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const on = (...args: unknown[]): void => {
      const a = args as A;
      if (!pred(...a)) return;
      clearTimeout(t);
      emitter.off(event, on);
      resolve(a);
    };
    emitter.on(event, on);
  });
}

/** Options for {@link speakerPair}. */
export interface PairOptions {
  a?: Partial<PeerConfig>;
  b?: Partial<PeerConfig>;
  asA?: number;
  asB?: number;
  idA?: string;
  idB?: string;
}

/**
 * Two speakers on 127.0.0.1 and 127.0.0.2 with distinct ports, each configured with the other
 * as its peer. Not started.
 */
export async function speakerPair(
  o: PairOptions = {},
): Promise<{ a: BgpSpeaker; b: BgpSpeaker; sa: BgpSession; sb: BgpSession }> {
  const portA = await freePort("127.0.0.1");
  const portB = await freePort("127.0.0.2");
  const asA = o.asA ?? 65001;
  const asB = o.asB ?? 65002;
  const fsm = { idleHoldTime: 1, connectRetryTime: 1 };
  const a = new BgpSpeaker({
    localAs: asA,
    routerId: o.idA ?? "1.1.1.1",
    listen: { address: "127.0.0.1", port: portA },
    peers: [
      {
        address: "127.0.0.2",
        port: portB,
        localAddress: "127.0.0.1",
        peerAs: asB,
        connectRetryTime: 1,
        fsm,
        ...o.a,
      },
    ],
  });
  const b = new BgpSpeaker({
    localAs: asB,
    routerId: o.idB ?? "2.2.2.2",
    listen: { address: "127.0.0.2", port: portB },
    peers: [
      {
        address: "127.0.0.1",
        port: portA,
        localAddress: "127.0.0.2",
        peerAs: asA,
        connectRetryTime: 1,
        fsm,
        ...o.b,
      },
    ],
  });
  return { a, b, sa: a.sessions[0]!, sb: b.sessions[0]! };
}
