/**
 * TABLE_DUMP_V2 RIB lines (`TABLE_DUMP2[_AP]|time|B|peer|peer_as|prefix|[path_id|]tail`), the
 * bulk of a RIB dump. A line is four copies: the record head with the peer (cached per peer), the
 * prefix text (once per record), the path id, and the attribute tail (cached per distinct
 * attribute block in a {@link TailCache}).
 */
import type { MrtPeer } from "../mrt/types.js";
import { readBgpdumpAttrs } from "./bgpdump-attrs.js";
import { fmtIpv4, fmtIpv6 } from "./bgpdump-ip.js";
import { prefixListPool } from "./bgpdump-prefixes.js";
import { BgpdumpStream } from "./bgpdump-stream.js";
import { ribNextHop, writeTail } from "./bgpdump-tail.js";
import { AsciiOutput } from "./output.js";
import { putBytes, putView } from "./put-bytes.js";
import { TailCache } from "./tail-cache.js";

const PIPE = 124;

/** The attribute block of the entry being rendered (one object reused for all). */
const entryStream = new BgpdumpStream(new Uint8Array(0), 0, 0);

/** Writes the lines of RIB records against the current PEER_INDEX_TABLE. */
export class RibLines {
  private peers: readonly MrtPeer[] = [];
  /** "TABLE_DUMP2[_AP]|time|B|ip|asn|" per peer index, for `headTime`/`headAddPath`. */
  private heads: (Buffer | undefined)[] = [];
  private headTime = -1;
  private headAddPath = false;
  private readonly tails = new TailCache();
  /** The current record's "prefix/len|" text. */
  private readonly prefix = new AsciiOutput(-1, 64);
  private addPath = false;

  /** Installs a new PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
  setPeers(peers: readonly MrtPeer[]): void {
    this.peers = peers;
    this.heads = [];
  }

  /**
   * Starts a record: its timestamp, ADD-PATH form and prefix (the address as stored, with the
   * bytes beyond the length zero, as the MRT decoder builds it).
   */
  begin(timestamp: number, addPath: boolean, afi: 1 | 2, addr: number | Uint8Array, len: number): void {
    if (timestamp !== this.headTime || addPath !== this.headAddPath) {
      this.heads = [];
      this.headTime = timestamp;
      this.headAddPath = addPath;
    }
    this.addPath = addPath;
    this.tails.trim();
    const p = this.prefix;
    p.reset();
    p.str(afi === 1 ? fmtIpv4(addr as number) : fmtIpv6(addr as Uint8Array));
    p.ch(47);
    p.num(len);
    p.ch(PIPE);
  }

  /**
   * Writes the line of one entry whose attribute block is `b[s, e)` (any buffer: the block is
   * read through a view of exactly its bytes on a cache miss). Entries of peers missing from the
   * peer table print nothing, as in bgpdump.
   */
  entry(out: AsciiOutput, peerIndex: number, pathId: number, b: Uint8Array, s: number, e: number): void {
    let head = this.heads[peerIndex];
    if (head === undefined) {
      const q = this.peers[peerIndex];
      if (!q) return;
      const ip = q.ip.afi === 1 ? fmtIpv4(q.ip.addr) : fmtIpv6(q.ip.addr);
      const text = `${this.headAddPath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2"}|${this.headTime}|B|${ip}|${q.asn}|`;
      head = Buffer.from(text, "latin1");
      this.heads[peerIndex] = head;
    }
    const cache = this.tails;
    const flag = this.addPath ? 1 : 0;
    let t = cache.find(b, s, e, flag);
    if (t < 0) {
      // bgpdump reads the block through a stream bounded by the block itself: a view whose end
      // is the block's end keeps every out-of-bounds read identical.
      const block = s === 0 && e === b.length ? b : b.subarray(s, e);
      prefixListPool.reset();
      const a = readBgpdumpAttrs(entryStream.reset(block, 0, block.length), 4, this.addPath);
      const start = cache.tails.length;
      writeTail(cache.tails, a, ribNextHop(a), false);
      t = cache.add(b, s, e, flag, start);
    }
    const pre = this.prefix;
    if (this.addPath) {
      out.copy(head, 0, head.length);
      out.copy(pre.buffer, 0, pre.length);
      out.num(pathId);
      out.ch(PIPE);
      const tv = cache.tail(t);
      out.copy(tv, 0, tv.length);
      return;
    }
    // One reserved stretch for the whole line.
    const tv = cache.tail(t);
    const buf = out.reserve(head.length + pre.length + tv.length);
    let p = putView(buf, out.length, head);
    p = putBytes(buf, p, pre.buffer, 0, pre.length);
    out.commit(putView(buf, p, tv));
  }
}
