/**
 * The WebAssembly formatter of TABLE_DUMP_V2 unicast RIB records (`assembly/rib-lines.ts`): the
 * same lines as {@link RibLines}, without JIT warm-up and with less work per line, which is most
 * of a RIB dump's time in a fresh process. The dumper hands it whole records; it renders them in
 * the module's memory and writes its output through the same {@link AsciiOutput}, so lines of
 * records it handles and of records the JS formatter handles come out in record order.
 */
import type { MrtPeer } from "../mrt/types.js";
import { fmtIpv4, fmtIpv6 } from "./bgpdump-ip.js";
import type { AsciiOutput } from "./output.js";
import { RIB_LINES_WASM } from "./wasm/rib-lines-wasm.js";

/**
 * The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare
 * it), read from `globalThis` so that a runtime without it falls back to the JS formatter.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports (see assembly/rib-lines.ts). */
interface RibLinesExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  init(): void;
  inBase(): number;
  inCap(): number;
  peersBase(): number;
  outBase(): number;
  outLength(): number;
  outReset(): void;
  clearPeers(n: number): void;
  rib(len: number, sub: number): number;
  ribRun(len: number): number;
  runCount(): number;
}

/** Bytes per peer slot in the module: a length byte, then `ip|asn|`. */
const PEER_SLOT = 64;

let compiled: object | null | undefined;
/**
 * Instances given back by finished dumps. Reused rather than made per dump: each instance
 * reserves address space for its memory (16 MiB and more, plus V8's guard region) until it is
 * collected.
 */
const pool: WasmRibLines[] = [];

/** The compiled module, or null where WebAssembly is missing or refuses it (then JS does the work). */
function ribLinesModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(Buffer.from(RIB_LINES_WASM, "base64")) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** One instance of the module: a RIB line writer for one dump. */
export class WasmRibLines {
  private readonly ex: RibLinesExports;
  /** View of the module's memory; replaced when the memory grows (which detaches the old one). */
  private mem: Uint8Array;
  private readonly inBase: number;
  private readonly inCap: number;
  private readonly outBase: number;
  private peerCount = 0;
  /** Where the module's output goes (set by each {@link record} call). */
  private out: AsciiOutput | undefined;

  private constructor(mod: object) {
    const instance = new wasmApi!.Instance(mod, {
      "rib-lines": { flush: (ptr: number, len: number) => this.out?.external(this.memory(), ptr, ptr + len) },
    });
    this.ex = instance.exports as unknown as RibLinesExports;
    this.ex.init();
    this.mem = new Uint8Array(this.ex.memory.buffer);
    this.inBase = this.ex.inBase();
    this.inCap = this.ex.inCap();
    this.outBase = this.ex.outBase();
  }

  /**
   * A writer with no peers and no pending output for one dump (give it back with
   * {@link release}), or undefined when WebAssembly is not available.
   */
  static acquire(): WasmRibLines | undefined {
    const free = pool.pop();
    if (free) return free;
    const mod = ribLinesModule();
    if (!mod) return undefined;
    try {
      return new WasmRibLines(mod);
    } catch {
      // (Without the memory for an instance, the JS formatter does the work.)
      return undefined;
    }
  }

  /**
   * Makes this writer available to the next dump: its output must have been drained. The tail
   * cache is kept (a tail depends only on its attribute bytes); the peers are forgotten.
   */
  release(): void {
    this.setPeers([]);
    this.ex.outReset();
    this.out = undefined;
    pool.push(this);
  }

  /** The memory's bytes (a fresh view after the module has grown its memory). */
  private memory(): Uint8Array {
    if (this.mem.byteLength === 0) this.mem = new Uint8Array(this.ex.memory.buffer);
    return this.mem;
  }

  /** Installs a PEER_INDEX_TABLE (RFC 6396 §4.3.1): each peer's `ip|asn|` line piece. */
  setPeers(peers: readonly MrtPeer[]): void {
    this.ex.clearPeers(this.peerCount);
    const n = Math.min(peers.length, 65536);
    this.peerCount = n;
    const base = this.ex.peersBase();
    const m = this.memory();
    for (let i = 0; i < n; i++) {
      const q = peers[i]!;
      const text = `${q.ip.afi === 1 ? fmtIpv4(q.ip.addr) : fmtIpv6(q.ip.addr)}|${q.asn}|`;
      const at = base + i * PEER_SLOT;
      // The longest possible text ("ffff:...:ffff|4294967295|") is 51 bytes: it always fits.
      for (let k = 0; k < text.length; k++) m[at + 1 + k] = text.charCodeAt(k);
      m[at] = text.length;
    }
  }

  /**
   * Writes the lines of the RIB record `b[pos, pos + size)` (MRT header included, subtype `sub`:
   * 2, 4, 8 or 10). Returns false, having written nothing, for a record too big for the module's
   * input area or one it finds malformed (a field past the end, a prefix too long): the JS path
   * then reports it.
   */
  record(out: AsciiOutput, b: Uint8Array, pos: number, size: number, sub: number): boolean {
    if (size > this.inCap) return false;
    this.out = out;
    this.memory().set(b.subarray(pos, pos + size), this.inBase);
    return this.ex.rib(size, sub) !== 0;
  }

  /**
   * Writes the run of whole RIB records `b[pos, end)` (the caller has checked each header: RIB
   * subtypes, each no longer than the stream's limit). Stops before the first malformed record
   * (see {@link record}). Returns the bytes of the records written; {@link runRecords} tells how
   * many they were. One copy and one call for many records: a RIB dump is one long run.
   */
  run(out: AsciiOutput, b: Uint8Array, pos: number, end: number): number {
    this.out = out;
    this.memory().set(b.subarray(pos, end), this.inBase);
    return this.ex.ribRun(end - pos);
  }

  /** Records written by the last {@link run}. */
  get runRecords(): number {
    return this.ex.runCount();
  }

  /** Bytes of input that {@link run} and {@link record} take at most. */
  get capacity(): number {
    return this.inCap;
  }

  /** Moves the lines still held in the module to `out` (before anything else is written there). */
  drain(out: AsciiOutput): void {
    const n = this.ex.outLength();
    if (n === 0) return;
    this.ex.outReset();
    out.external(this.memory(), this.outBase, this.outBase + n);
  }
}
