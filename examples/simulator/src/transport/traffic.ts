/**
 * Counts what crosses the in-memory network: BGP messages and bytes, by message type (from the
 * RFC 4271 §4.1 header: 16-byte marker, 2-byte length, 1-byte type), and UPDATEs by receiver.
 */

/** Message type names by RFC 4271 §4.1 / RFC 2918 type code. */
export const MESSAGE_TYPE_NAMES = {
  1: "OPEN",
  2: "UPDATE",
  3: "NOTIFICATION",
  4: "KEEPALIVE",
  5: "ROUTE_REFRESH",
} as const;

/** A message type name, or `OTHER` for a code outside the table. */
export type MessageTypeName = (typeof MESSAGE_TYPE_NAMES)[keyof typeof MESSAGE_TYPE_NAMES] | "OTHER";

/** The name of message type `code`. */
export function messageTypeName(code: number): MessageTypeName {
  return (MESSAGE_TYPE_NAMES as Record<number, MessageTypeName>)[code] ?? "OTHER";
}

const HEADER = 19;

/** A snapshot of the counters. */
export interface TrafficSnapshot {
  /** Messages delivered. */
  readonly messages: number;
  /** Bytes delivered. */
  readonly bytes: number;
  /** Messages delivered, by type. */
  readonly byType: Readonly<Record<MessageTypeName, number>>;
}

const zero = (): Record<MessageTypeName, number> => ({
  OPEN: 0,
  UPDATE: 0,
  NOTIFICATION: 0,
  KEEPALIVE: 0,
  ROUTE_REFRESH: 0,
  OTHER: 0,
});

/** Traffic counters of a network. */
export class Traffic {
  private messages = 0;
  private bytes = 0;
  private readonly byType = zero();
  /** UPDATEs received, by receiving node address. */
  readonly updatesIn = new Map<string, number>();

  /**
   * Counts one delivered chunk. Sessions write one whole message per write; a chunk holding
   * several is walked header by header, and a trailing partial message counts its bytes only.
   */
  record(to: string, chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let off = 0;
    while (off + HEADER <= chunk.length) {
      const len = (chunk[off + 16]! << 8) | chunk[off + 17]!;
      const type = messageTypeName(chunk[off + 18]!);
      this.messages++;
      this.byType[type]++;
      if (type === "UPDATE") this.updatesIn.set(to, (this.updatesIn.get(to) ?? 0) + 1);
      if (len < HEADER) break;
      off += len;
    }
  }

  /** The counters now. */
  snapshot(): TrafficSnapshot {
    return { messages: this.messages, bytes: this.bytes, byType: { ...this.byType } };
  }
}

/** `b - a`, counter by counter. */
export function trafficDelta(a: TrafficSnapshot, b: TrafficSnapshot): TrafficSnapshot {
  const byType = zero();
  for (const k of Object.keys(byType) as MessageTypeName[]) byType[k] = b.byType[k] - a.byType[k];
  return { messages: b.messages - a.messages, bytes: b.bytes - a.bytes, byType };
}
