/**
 * The fuzz engine, pure (no `node:` imports) so a test, the `npm run fuzz` CLI and a browser
 * could all drive it. A case is (seed input, mutation, codec context), rebuilt from the run seed
 * and the case index alone ({@link buildCase}); {@link runCases} runs a range of cases and
 * reports every input that made a decoder throw something other than its typed error.
 */
import type { CodecContext } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { materializeUpdate } from "../../src/message/update.js";
import { type LengthField, messageFields, mrtFields } from "./length-fields.js";
import {
  bitFlip,
  fixLength,
  havoc,
  lengthLie,
  MutationKind,
  type MutationKindName,
  truncate,
} from "./mutate.js";
import { caseRand, type Rand } from "./rng.js";
import { runMessage, runMrt } from "./targets.js";

/** A well-formed input the fuzzer starts from. */
export interface FuzzSeed {
  /** `message`: one BGP message with header; `mrt`: one whole MRT record. */
  readonly kind: "message" | "mrt";
  readonly bytes: Uint8Array;
  /** Where it came from (fixture file), for statistics. */
  readonly source: string;
  /** The context the message was sent with, when known (messages taken from MRT records). */
  readonly ctx?: CodecContext;
}

/** A prepared seed: its length fields found once. */
interface Prepared extends FuzzSeed {
  readonly fields: readonly LengthField[];
}

/** One generated case. */
export interface FuzzCase {
  readonly index: number;
  readonly seed: FuzzSeed;
  readonly mutation: MutationKindName;
  readonly ctx: CodecContext;
  readonly input: Uint8Array;
}

/** An input that made a decoder throw an untyped error (or hang, see the runner). */
export interface FuzzFinding {
  readonly index: number;
  readonly kind: FuzzSeed["kind"];
  readonly mutation: MutationKindName;
  readonly input: Uint8Array;
  readonly error: string;
}

/** Counters of a run. */
export interface FuzzStats {
  cases: number;
  decoded: number;
  rejected: number;
  /** Cases per mutation kind. */
  readonly mutations: Record<MutationKindName, number>;
  /** Cases per seed: `message/<type>` (BGP message type code) or `mrt/<MRT type>`. */
  readonly targets: Record<string, number>;
  /** Slowest single case in milliseconds. */
  slowestMs: number;
}

/** Creates zeroed {@link FuzzStats}. */
export function emptyStats(): FuzzStats {
  return {
    cases: 0,
    decoded: 0,
    rejected: 0,
    mutations: { "bit-flip": 0, truncate: 0, "length-lie": 0, havoc: 0 },
    targets: {},
    slowestMs: 0,
  };
}

/** The seeds and contexts of a run. */
export interface FuzzPlan {
  readonly seeds: readonly Prepared[];
  /** Seed indexes grouped by target (message type, MRT type), weighted: see {@link planFuzz}. */
  readonly groups: readonly (readonly number[])[];
  /** Contexts tried on messages (each message seed also tries its own context, if it has one). */
  readonly contexts: readonly CodecContext[];
  readonly runSeed: number;
  /** What runs a case ({@link runCase}; tests replace it to check the runner). */
  readonly target: (c: FuzzCase) => boolean;
}

/** The target group of a seed: `message/<BGP type code>` or `mrt/<MRT type>`. */
export function seedGroup(s: FuzzSeed): string {
  const b = s.bytes;
  return s.kind === "message" ? `message/${b[18] ?? "?"}` : `mrt/${((b[4] ?? 0) << 8) | (b[5] ?? 0)}`;
}

/** Shares of the case budget per group: UPDATEs and the MRT records that carry them get more. */
const GROUP_WEIGHT: Readonly<Record<string, number>> = {
  "message/2": 4,
  "mrt/16": 2,
  "mrt/17": 2,
  "mrt/13": 2,
};

/**
 * Prepares a run: drops duplicate seeds (captures repeat KEEPALIVEs), finds each seed's length
 * fields and groups seeds by target so that 600 KEEPALIVEs do not drown 20 OPENs: a case picks
 * a group first (weighted), then a seed in it. `mrtContext` gives the codec context of a message
 * inside an MRT record (the MRT layer's `mrtContext`).
 */
export function planFuzz(
  seeds: readonly FuzzSeed[],
  contexts: readonly CodecContext[],
  runSeed: number,
  mrtContext: (as4: boolean, addPath: boolean) => CodecContext,
  target: (c: FuzzCase) => boolean = runCase,
): FuzzPlan {
  if (seeds.length === 0 || contexts.length === 0) throw new Error("fuzz: no seeds or no contexts");
  const seen = new Set<string>();
  const prepared: Prepared[] = [];
  const byGroup = new Map<string, number[]>();
  for (const s of seeds) {
    const key = `${s.kind}:${s.ctx?.asn4 ?? "-"}:${s.ctx?.addPathReceive.size ?? "-"}:${hex(s.bytes)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fields =
      s.kind === "mrt"
        ? mrtFields(s.bytes, mrtContext)
        : messageFields(s.bytes, s.ctx ?? fittingContext(s.bytes, contexts));
    const g = seedGroup(s);
    const list = byGroup.get(g) ?? [];
    byGroup.set(g, list);
    list.push(prepared.length);
    prepared.push({ ...s, fields });
  }
  const groups: number[][] = [];
  for (const [g, list] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (let w = GROUP_WEIGHT[g] ?? 1; w > 0; w--) groups.push(list);
  }
  return { seeds: prepared, groups, contexts, runSeed: runSeed >>> 0, target };
}

/**
 * The first context the message fully decodes under, 4-octet AS first (most captures), for
 * walking its AS_PATH and NLRI with the right widths.
 */
function fittingContext(bytes: Uint8Array, contexts: readonly CodecContext[]): CodecContext {
  for (const ctx of [...contexts].sort((a, b) => Number(b.asn4) - Number(a.asn4))) {
    try {
      const m = decodeMessage(bytes, ctx);
      if (m.type === "UPDATE") materializeUpdate(m);
      return ctx;
    } catch {
      // Try the next one.
    }
  }
  return contexts[0]!;
}

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += (x < 16 ? "0" : "") + x.toString(16);
  return s;
}

const KINDS: readonly MutationKindName[] = [
  // Length lies twice as often: they are what reaches the deep decoders.
  MutationKind.BIT_FLIP,
  MutationKind.TRUNCATE,
  MutationKind.LENGTH_LIE,
  MutationKind.LENGTH_LIE,
  MutationKind.HAVOC,
];

function mutate(s: Prepared, kind: MutationKindName, donor: Uint8Array, rand: Rand): Uint8Array {
  switch (kind) {
    case MutationKind.BIT_FLIP:
      return bitFlip(s.bytes, rand);
    case MutationKind.TRUNCATE:
      return truncate(s.bytes, rand);
    case MutationKind.LENGTH_LIE:
      return lengthLie(s.bytes, s.fields, rand);
    case MutationKind.HAVOC:
      return havoc(s.bytes, donor, rand);
  }
}

/** Rebuilds case `index` of the plan: same seed and index, same bytes. */
export function buildCase(plan: FuzzPlan, index: number): FuzzCase {
  const rand = caseRand(plan.runSeed, index);
  const group = plan.groups[rand(plan.groups.length)]!;
  const seed = plan.seeds[group[rand(group.length)]!]!;
  const donor = plan.seeds[rand(plan.seeds.length)]!.bytes;
  const mutation = KINDS[rand(KINDS.length)]!;
  const input = mutate(seed, mutation, donor, rand);
  // Most of the time keep the outer length honest so the mutated body is what gets decoded;
  // a length lie that targeted the outer length keeps its lie.
  const honest = mutation !== MutationKind.LENGTH_LIE && rand(10) < 8;
  if (honest && seed.kind === "message") fixLength(input, 16, 2, 0);
  if (honest && seed.kind === "mrt") fixLength(input, 8, 4, -12);
  const ctx = seed.ctx !== undefined && rand(3) > 0 ? seed.ctx : plan.contexts[rand(plan.contexts.length)]!;
  return { index, seed, mutation, ctx, input };
}

/** Runs one case; returns whether it decoded. Throws what a decoder threw untyped. */
export function runCase(c: FuzzCase): boolean {
  // A fresh generator for the target's own choices (framer split points and such).
  const rand = caseRand(c.index, 0x5eed);
  return c.seed.kind === "message" ? runMessage(c.input, c.ctx, rand) : runMrt(c.input, rand);
}

function describe(e: unknown): string {
  if (e instanceof Error) return (e.stack ?? `${e.name}: ${e.message}`).split("\n").slice(0, 4).join(" | ");
  return String(e);
}

/**
 * Runs cases `[from, to)`, updating `stats`; returns the crashes found. Synchronous: the runner
 * wraps it in a watchdog to catch hangs.
 */
export function runCases(plan: FuzzPlan, from: number, to: number, stats: FuzzStats): FuzzFinding[] {
  const found: FuzzFinding[] = [];
  for (let i = from; i < to; i++) {
    const c = buildCase(plan, i);
    stats.cases++;
    stats.mutations[c.mutation]++;
    const t = seedGroup(c.seed);
    stats.targets[t] = (stats.targets[t] ?? 0) + 1;
    const t0 = performance.now();
    try {
      if (plan.target(c)) stats.decoded++;
      else stats.rejected++;
    } catch (e) {
      found.push({ index: i, kind: c.seed.kind, mutation: c.mutation, input: c.input, error: describe(e) });
    }
    const ms = performance.now() - t0;
    if (ms > stats.slowestMs) stats.slowestMs = ms;
  }
  return found;
}
