/**
 * `bgpdump -m` straight from decompressed bytes: the CLI's hot path. Whole records are cut out
 * of the chunks (copied only when one straddles two chunks), and the two record kinds that make
 * up nearly all of a dump, TABLE_DUMP_V2 unicast RIB entries and BGP4MP messages, are printed
 * from their bytes without building `MrtRecord` objects (one object and one view per RIB entry
 * cost more than printing it). Every other record, and any record the fast reading finds
 * malformed, goes through the library decoder and {@link BgpdumpFormatter}, so damaged input is
 * reported exactly as `readMrtFile` reports it. The RIB records go to the WebAssembly formatter
 * ({@link WasmRibLines}) when it is available, and to the JS one ({@link RibLines}) when it is not
 * or when it rejects a record.
 */
import { MrtLimits, MrtType } from "../mrt/constants.js";
import { isMrtError, type MrtError } from "../mrt/mrt-error.js";
import { decodeMrtRecordAt } from "../mrt/record.js";
import { MrtStreamDecoder } from "../mrt/stream-decoder.js";
import { BgpdumpFormatter } from "./bgpdump-format.js";
import { type Bgp4mpFields, emptyBgp4mpFields } from "./bgpdump-update.js";
import { writeUpdateLines } from "./bgpdump-update.js";
import type { AsciiOutput } from "./output.js";
import { WasmRibLines } from "./wasm-rib.js";

function u16(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

/** Whether the record at `p` is a TABLE_DUMP_V2 unicast RIB record (subtypes 2, 4, 8, 10). */
function isRib(b: Uint8Array, p: number): boolean {
  const sub = u16(b, p + 6);
  return u16(b, p + 4) === MrtType.TABLE_DUMP_V2 && (sub === 2 || sub === 4 || sub === 8 || sub === 10);
}

/** Options of {@link BgpdumpDumper}. */
export interface BgpdumpDumperInit {
  /** Receives each damaged record or cut end of stream (the dump goes on). */
  readonly onSkip: (err: MrtError) => void;
  /** Records longer than this are skipped as damaged (default `MrtLimits.DEFAULT_MAX_RECORD_LENGTH`). */
  readonly maxRecordLength?: number;
  /**
   * Print TABLE_DUMP_V2 unicast RIB records with the WebAssembly formatter (default true; the
   * JS formatter is used anyway where WebAssembly is not available).
   */
  readonly wasm?: boolean;
}

/** Prints a stream of decompressed MRT bytes as `bgpdump -m` lines. */
export class BgpdumpDumper {
  private readonly fmt = new BgpdumpFormatter();
  private readonly onSkip: (err: MrtError) => void;
  private readonly maxLength: number;
  /**
   * The WebAssembly RIB formatter: undefined until the first TABLE_DUMP_V2 record needs it (a
   * file of BGP4MP messages never loads it), null when off or unavailable; given back at
   * {@link end}.
   */
  private wasm: WasmRibLines | null | undefined;
  private wasmCount = 0;
  /** The WebAssembly formatter may hold lines not yet in `out`. */
  private wasmPending = false;
  /** Offset in the stream of the next pushed byte. */
  private streamPos = 0;
  /** A record begun in an earlier chunk (reused: nothing keeps views of it). */
  private pending = new Uint8Array(4096);
  private pendingLen = 0;
  /** After an over-long record the library decoder takes over the rest of the stream. */
  private fallback: MrtStreamDecoder | undefined;
  private dvBytes: Uint8Array | undefined;
  private dv: DataView | undefined;
  private readonly fields: Bgp4mpFields = emptyBgp4mpFields();

  /** @param out where the lines go */
  constructor(
    private readonly out: AsciiOutput,
    init: BgpdumpDumperInit,
  ) {
    this.onSkip = init.onSkip;
    this.maxLength = init.maxRecordLength ?? MrtLimits.DEFAULT_MAX_RECORD_LENGTH;
    if (init.wasm === false) this.wasm = null;
    else this.fmt.ribLines.onPeers = (peers) => this.wasmLines()?.setPeers(peers);
  }

  /** The WebAssembly RIB formatter, made on first use; undefined when off or unavailable. */
  private wasmLines(): WasmRibLines | undefined {
    if (this.wasm === undefined) this.wasm = WasmRibLines.acquire() ?? null;
    return this.wasm ?? undefined;
  }

  /** RIB records printed by the WebAssembly formatter so far. */
  get wasmRecords(): number {
    return this.wasmCount;
  }

  /** Puts the lines the WebAssembly formatter still holds into `out`, before any other line. */
  private drain(): void {
    if (!this.wasmPending) return;
    this.wasmPending = false;
    this.wasm?.drain(this.out);
  }

  /** Prints the records completed by the next chunk of the stream. */
  push(input: Uint8Array): void {
    if (this.fallback) {
      this.drain();
      for (const rec of this.fallback.push(input)) this.fmt.format(rec, this.out);
      return;
    }
    const chunk =
      input.constructor === Uint8Array
        ? input
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const base = this.streamPos;
    this.streamPos += chunk.length;
    let pos = 0;
    if (this.pendingLen > 0) {
      if (this.pendingLen < 12) {
        pos = Math.min(12 - this.pendingLen, chunk.length);
        this.append(chunk, 0, pos);
        if (this.pendingLen < 12) return;
      }
      const size = 12 + u32(this.pending, 8);
      const at = base + pos - this.pendingLen;
      if (size > this.maxLength) {
        this.handOver(at, chunk, pos);
        return;
      }
      const take = Math.min(size - this.pendingLen, chunk.length - pos);
      this.append(chunk, pos, pos + take);
      pos += take;
      if (this.pendingLen < size) return;
      this.pendingLen = 0;
      this.record(this.pending, 0, size, at);
    }
    while (pos + 12 <= chunk.length) {
      const size = 12 + u32(chunk, pos + 8);
      if (size > this.maxLength) {
        this.handOver(base + pos, chunk, pos);
        return;
      }
      if (pos + size > chunk.length) break;
      if (this.wasm !== null && isRib(chunk, pos)) {
        const n = this.wasmRun(chunk, pos);
        if (n > 0) {
          pos += n;
          continue;
        }
      }
      this.record(chunk, pos, size, base + pos);
      pos += size;
    }
    if (pos < chunk.length) this.append(chunk, pos, chunk.length);
  }

  /** Ends the stream: a record left unfinished is reported as the library decoder reports it. */
  end(): void {
    this.drain();
    this.wasm?.release();
    this.wasm = null;
    if (this.fallback) {
      this.fallback.end();
      return;
    }
    if (this.pendingLen === 0) return;
    const d = this.decoder(this.streamPos - this.pendingLen);
    d.push(this.pending.subarray(0, this.pendingLen));
    this.pendingLen = 0;
    d.end();
  }

  private decoder(baseOffset: number): MrtStreamDecoder {
    return new MrtStreamDecoder({
      onError: "skip",
      onSkip: this.onSkip,
      maxRecordLength: this.maxLength,
      baseOffset,
    });
  }

  /** Passes the rest of the stream, from the record at stream offset `at`, to the library decoder. */
  private handOver(at: number, chunk: Uint8Array, pos: number): void {
    this.drain();
    const d = this.decoder(at);
    this.fallback = d;
    const held = this.pending.subarray(0, this.pendingLen);
    this.pendingLen = 0;
    for (const rec of d.push(held.slice())) this.fmt.format(rec, this.out);
    for (const rec of d.push(chunk.subarray(pos))) this.fmt.format(rec, this.out);
  }

  private append(b: Uint8Array, s: number, e: number): void {
    const need = this.pendingLen + (e - s);
    if (need > this.pending.length) {
      const next = new Uint8Array(Math.max(need, this.pending.length * 2));
      next.set(this.pending.subarray(0, this.pendingLen));
      this.pending = next;
    }
    this.pending.set(b.subarray(s, e), this.pendingLen);
    this.pendingLen = need;
  }

  /**
   * Hands the run of whole RIB records from `b[pos]` to the WebAssembly formatter; returns the
   * bytes it printed (0 when it stopped at the first record: the caller takes that one).
   */
  private wasmRun(b: Uint8Array, pos: number): number {
    const wasm = this.wasmLines();
    if (!wasm) return 0;
    const limit = Math.min(b.length, pos + wasm.capacity);
    let end = pos;
    while (end + 12 <= b.length && isRib(b, end)) {
      const size = 12 + u32(b, end + 8);
      if (size > this.maxLength || end + size > limit) break;
      end += size;
    }
    if (end === pos) return 0;
    const n = wasm.run(this.out, b, pos, end);
    if (n > 0) {
      this.wasmCount += wasm.runRecords;
      this.wasmPending = true;
    }
    return n;
  }

  /** One whole record `b[pos, pos + size)` at stream offset `at`. */
  private record(b: Uint8Array, pos: number, size: number, at: number): void {
    const type = u16(b, pos + 4);
    const sub = u16(b, pos + 6);
    if (type === MrtType.TABLE_DUMP_V2) {
      // RIB_IPV4_UNICAST, RIB_IPV6_UNICAST and their ADD-PATH forms (RFC 6396 §4.3.2, RFC 8050 §4).
      if (sub === 2 || sub === 4 || sub === 8 || sub === 10) {
        if (this.wasmLines()?.record(this.out, b, pos, size, sub)) {
          this.wasmCount++;
          this.wasmPending = true;
          return;
        }
        this.drain();
        if (this.rib(b, pos, pos + size, sub)) return;
      }
    } else if (type === MrtType.BGP4MP || type === MrtType.BGP4MP_ET) {
      // The MESSAGE subtypes: 1, 4 and 6-11.
      const message = sub === 1 || sub === 4 || (sub >= 6 && sub <= 11);
      this.drain();
      if (message && this.bgp4mp(b, pos, pos + size, type === MrtType.BGP4MP_ET, sub)) return;
    }
    this.drain();
    this.generic(b, pos, size, at);
  }

  private generic(b: Uint8Array, pos: number, size: number, at: number): void {
    if (this.dvBytes !== b) {
      this.dvBytes = b;
      this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    try {
      this.fmt.format(decodeMrtRecordAt(b, this.dv!, pos, size, at - pos), this.out);
    } catch (e) {
      if (!isMrtError(e)) throw e;
      this.onSkip(e);
    }
  }

  /**
   * RIB_AFI_SAFI (RFC 6396 §4.3.2): `seq(4) plen(1) prefix count(2)` then entries
   * `peer(2) time(4) [path id(4)] attrlen(2) attrs`. Returns false, having printed nothing, when
   * a field runs past the record or the prefix is too long (the library decoder reports it).
   */
  private rib(b: Uint8Array, pos: number, end: number, sub: number): boolean {
    const afi = sub === 2 || sub === 8 ? 1 : 2;
    const addPath = sub >= 8;
    let p = pos + 12 + 4;
    if (p + 1 > end) return false;
    const plen = b[p++]!;
    if (plen > (afi === 1 ? 32 : 128)) return false;
    const n = (plen + 7) >> 3;
    if (p + n + 2 > end) return false;
    let v4 = 0;
    let v6: Uint8Array | undefined;
    if (afi === 1) for (let i = 0; i < n; i++) v4 |= b[p + i]! << (24 - 8 * i);
    else {
      v6 = new Uint8Array(16);
      for (let i = 0; i < n; i++) v6[i] = b[p + i]!;
    }
    p += n;
    const count = u16(b, p);
    p += 2;
    const fixed = addPath ? 12 : 8;
    // Check every entry first: a malformed record must print no line at all.
    let q = p;
    for (let i = 0; i < count; i++) {
      if (q + fixed > end) return false;
      q += fixed + u16(b, q + fixed - 2);
      if (q > end) return false;
    }
    const lines = this.fmt.ribLines;
    const out = this.out;
    lines.begin(out, u32(b, pos), addPath, afi, afi === 1 ? v4 >>> 0 : v6!, plen);
    for (let i = 0; i < count; i++) {
      const peer = u16(b, p);
      const pathId = addPath ? u32(b, p + 6) : 0;
      const s = p + fixed;
      const e = s + u16(b, s - 2);
      lines.entry(out, peer, pathId, b, s, e);
      p = e;
    }
    return true;
  }

  /**
   * BGP4MP(_ET) MESSAGE subtypes (RFC 6396 §4.4.2-4.4.6, RFC 8050 §3):
   * `peer AS, local AS (2/4) ifindex(2) afi(2) peer IP, local IP (4/16) message`.
   */
  private bgp4mp(b: Uint8Array, pos: number, end: number, et: boolean, sub: number): boolean {
    let p = pos + 12;
    const f = this.fields;
    if (et) {
      if (p + 4 > end) return false;
      f.microseconds = u32(b, p);
      p += 4;
    } else f.microseconds = -1;
    const as4 = sub === 4 || sub === 7 || sub === 9 || sub === 11;
    const asLen = as4 ? 4 : 2;
    if (p + 2 * asLen + 4 > end) return false;
    const afi = u16(b, p + 2 * asLen + 2);
    if (afi !== 1 && afi !== 2) return false;
    const ipLen = afi === 1 ? 4 : 16;
    if (p + 2 * asLen + 4 + 2 * ipLen > end) return false;
    f.timestamp = u32(b, pos);
    f.as4 = as4;
    f.local = sub === 6 || sub === 7 || sub === 10 || sub === 11;
    f.addPath = sub >= 8;
    f.peerAs = as4 ? u32(b, p) : u16(b, p);
    p += 2 * asLen + 4;
    f.peerAfi = afi;
    if (afi === 1) f.peerV4 = u32(b, p);
    else {
      f.peerBytes = b;
      f.peerAt = p;
    }
    p += 2 * ipLen;
    writeUpdateLines(this.out, f, b, p, end);
    return true;
  }
}
