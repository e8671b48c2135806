/**
 * Rendered tails keyed by the attribute block they came from (as src/cli/tail-cache.ts): a RIB
 * repeats blocks (the RouteViews sample: 269,914 entries, 87,151 distinct blocks), so each
 * distinct block is rendered once. Entries live in one arena (key and tail side by side), found
 * through an open-addressing index; the arena grows the memory as needed and the cache empties
 * itself past its bounds.
 *
 * The arena's bound follows the input: a quarter of the record bytes seen so far, at least 2 MiB,
 * at most 64 MiB. Every fresh page of the arena costs a page fault the first time it is written
 * (~3 µs here), and caching every block of a small dump costs more in faults than the renders it
 * saves: on the RouteViews sample (15 MB of records, 87,151 distinct blocks, ~15 MB of entries)
 * a fixed 64 MiB bound took ~6-10 ms more of a ~105 ms process than a 3-4 MiB one (interleaved
 * runs, 2026-11-28). A long dump earns the full size, where the faults are a small share.
 */
import { ARENA, SLOTS, TABLE, word } from "./layout";

const MAX_ENTRIES: u32 = 1 << 17;
const ARENA_MIN: usize = 2 << 20;
const ARENA_MAX: usize = 64 << 20;

/** Record bytes handed to the module so far (see {@link noteInput}). */
let inputSeen: u64 = 0;

/** Counts `n` bytes of input records: the arena's bound grows with them. */
export function noteInput(n: usize): void {
  inputSeen += <u64>n;
}

/** The arena's current bound in bytes (see the file comment). */
function arenaCap(): usize {
  const q = inputSeen >> 2;
  return q >= <u64>ARENA_MAX ? ARENA_MAX : max<usize>(ARENA_MIN, <usize>q);
}

let count: u32 = 0;
let arenaPos: usize = ARENA;
/** Bumped when the cache empties: entries remembered from before are void. */
export let generation: u32 = 1;

/** Starts empty in a fresh memory (whose index is already zero). */
export function initCache(): void {
  count = 0;
  arenaPos = ARENA;
}

/** Forgets every entry. */
export function clearCache(): void {
  memory.fill(TABLE, 0, <usize>SLOTS * 4);
  count = 0;
  arenaPos = ARENA;
  generation++;
}

/** Little-endian word of the `n` (1..7) bytes at `p` (reads 8; the memory goes on past them). */
function partialWord(p: usize, n: usize): u64 {
  return load<u64>(p) & (((<u64>1) << (<u64>n * 8)) - 1);
}

/** Hash of the bytes [s, e), eight at a time. */
export function hashBytes(s: usize, e: usize): u32 {
  let h: u64 = <u64>(e - s) * word(0x9e3779b9, 0x7f4a7c15);
  let i = s;
  for (; i + 8 <= e; i += 8) {
    h = (h ^ load<u64>(i)) * word(0xff51afd7, 0xed558ccd);
    h ^= h >> 32;
  }
  if (i < e) {
    h = (h ^ partialWord(i, e - i)) * word(0xc4ceb9fe, 0x1a85ec53);
    h ^= h >> 32;
  }
  return <u32>h ^ <u32>(h >> 29);
}

/** Whether the entry at `m` has the key `[s, s + n)`. */
export function keyEquals(m: usize, s: usize, n: usize): bool {
  if (load<u32>(m + 4) !== <u32>n) return false;
  const k = m + 16;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(k + i) !== load<u64>(s + i)) return false;
  return i === n || partialWord(k + i, n - i) === partialWord(s + i, n - i);
}

/** The entry of the tail of [s, e) with hash h, or 0. */
export function find(s: usize, e: usize, h: u32): usize {
  const mask = SLOTS - 1;
  const n = e - s;
  let slot = h & mask;
  while (true) {
    const m: usize = load<u32>(TABLE + 4 * <usize>slot);
    if (m === 0) return 0;
    if (load<u32>(m) === h && keyEquals(m, s, n)) return m;
    slot = (slot + 1) & mask;
  }
  // biome-ignore lint/correctness/noUnreachable: AssemblyScript wants a return after the loop.
  return 0;
}

/** Stores the key [s, e) with its tail (`tl` bytes at `ts`); returns the entry. */
export function add(s: usize, e: usize, h: u32, ts: usize, tl: usize): usize {
  const n = e - s;
  const size: usize = (n + tl + 23) & ~(<usize>7);
  if (arenaPos + size > ARENA + arenaCap() || count >= MAX_ENTRIES) clearCache();
  const end = arenaPos + size;
  const have = (<usize>memory.size()) << 16;
  // Grows by at least 4 MiB: each growth costs the host a new view of the memory.
  if (end > have && memory.grow(<i32>max<usize>((end - have + 0xffff) >> 16, 64)) < 0) {
    // No more memory: this line's tail is simply not cached.
    return 0;
  }
  const m = arenaPos;
  arenaPos = end;
  store<u32>(m, h);
  store<u32>(m + 4, <u32>n);
  store<u32>(m + 8, <u32>tl);
  memory.copy(m + 16, s, n);
  memory.copy(m + 16 + n, ts, tl);
  count++;
  const mask = SLOTS - 1;
  let slot = h & mask;
  while (load<u32>(TABLE + 4 * <usize>slot) !== 0) slot = (slot + 1) & mask;
  store<u32>(TABLE + 4 * <usize>slot, <u32>m);
  return m;
}
