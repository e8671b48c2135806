/**
 * TABLE_DUMP_V2 RIB lines (`TABLE_DUMP2[_AP]|time|B|peer|peer_as|prefix|[path_id|]tail`), the
 * bulk of a RIB dump. A line is four copies: the record head with the peer (cached per peer), the
 * prefix text (once per record), the path id, and the attribute tail (cached per distinct
 * attribute block in a {@link TailCache}, kept in the output buffer itself and appended with
 * `copyWithin`).
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
  /** Told of every new peer table (the WebAssembly formatter keeps its own copy). */
  onPeers: ((peers: readonly MrtPeer[]) => void) | undefined;

  /** Installs a new PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
  setPeers(peers: readonly MrtPeer[]): void {
    this.peers = peers;
    this.heads = [];
    this.onPeers?.(peers);
  }

  /**
   * Starts a record written to `out`: its timestamp, ADD-PATH form and prefix (the address as
   * stored, with the bytes beyond the length zero, as the MRT decoder builds it).
   */
  begin(
    out: AsciiOutput,
    timestamp: number,
    addPath: boolean,
    afi: 1 | 2,
    addr: number | Uint8Array,
    len: number,
  ): void {
    if (timestamp !== this.headTime || addPath !== this.headAddPath) {
      this.heads = [];
      this.headTime = timestamp;
      this.headAddPath = addPath;
    }
    this.addPath = addPath;
    this.tails.trim(out);
    const p = this.prefix;
    p.reset();
    if (afi === 1) p.ipv4(addr as number);
    else p.str(fmtIpv6(addr as Uint8Array));
    p.ch(47);
    p.num(len);
    p.ch(PIPE);
  }

  /**
   * Writes the line of one entry whose attribute block is `b[s, e)` (any buffer: on a cache miss
   * the block is read through a stream that ends where it ends) to the output given to
   * {@link begin}. A missed tail is rendered straight into the line and then kept in the output's
   * kept zone for the next lines with the same block. Entries of peers missing from the peer
   * table print nothing, as in bgpdump.
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
    const t = cache.find(b, s, e, flag);
    const pre = this.prefix;
    if (t < 0 || this.addPath) {
      // Room for the whole line, so that the tail stays in the buffer until it is kept: a tail
      // takes under 4 characters per attribute byte plus ~150 (see writeTail).
      out.reserve(head.length + pre.length + 11 + 8 * (e - s) + 512);
      const gen = out.generation;
      out.copy(head, 0, head.length);
      out.copy(pre.buffer, 0, pre.length);
      if (this.addPath) {
        out.num(pathId);
        out.ch(PIPE);
      }
      if (t >= 0) {
        out.copyKept(cache.tailAt(t), cache.tailLength(t));
        return;
      }
      // bgpdump reads the block through a stream bounded by the block itself: a stream whose
      // record ends where the block ends keeps every out-of-bounds read identical.
      prefixListPool.reset();
      const a = readBgpdumpAttrs(entryStream.resetWithin(b, s, e, e), 4, this.addPath);
      const ts = out.length;
      writeTail(out, a, ribNextHop(a), false);
      const at = out.keepWritten(ts, gen);
      if (at >= 0) cache.add(b, s, e, flag, at, out.length - ts);
      return;
    }
    // A hit: one reserved stretch for the whole line; the tail comes from the kept zone.
    const at = cache.tailAt(t);
    const n = cache.tailLength(t);
    const buf = out.reserve(head.length + pre.length + n);
    let p = putView(buf, out.length, head);
    p = putBytes(buf, p, pre.buffer, 0, pre.length);
    const k = out.keptStart + at;
    buf.copyWithin(p, k, k + n);
    out.commit(p + n);
  }
}
