/**
 * `npm run fuzz`: a mutation fuzzer over real messages. It takes every whole message (`hex`
 * fields starting with the marker) from the `*.jsonl` fixtures of this package, mutates them
 * (bit flips, byte writes, inserts, deletes, truncation, splices, length-field fix-ups), decodes
 * the result under several codec contexts, reads every lazy UPDATE section, and re-encodes what
 * decoded. Anything thrown that is not a `BgpWireError` is a bug: the input is written to
 * `test/regressions/` (picked up by `test/message/regressions.test.ts`) and the run fails.
 *
 * Options: `--cases N` (default 200000), `--seed S` (default: time), `--json` (last line JSON).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext, type CodecContext } from "../src/context.js";
import { isBgpWireError } from "../src/errors.js";
import { decodeMessage } from "../src/message/decode-message.js";
import { encodeMessage } from "../src/message/encode-message.js";
import { materializeUpdate } from "../src/message/update.js";

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cases = Number(opt("--cases") ?? 200_000);
const seed = Number(opt("--seed") ?? Date.now() % 2 ** 31) >>> 0 || 1;
const json = args.includes("--json");

const pkg = fileURLToPath(new URL("..", import.meta.url));
const regressions = join(pkg, "test", "regressions");

/** xorshift32: deterministic per seed, so a failing run can be replayed. */
let state = seed;
function rand(n: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}

function corpus(dir: string, out: Uint8Array[]): Uint8Array[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) corpus(p, out);
    else if (name.endsWith(".jsonl")) {
      for (const line of readFileSync(p, "utf8").split("\n")) {
        const m = /"hex":\s*"([0-9a-fA-F]+)"/.exec(line);
        if (m?.[1]?.toLowerCase().startsWith("ff".repeat(16)))
          out.push(Uint8Array.from(Buffer.from(m[1], "hex")));
      }
    }
  }
  return out;
}

const seeds = corpus(join(pkg, "test", "fixtures"), []);
const contexts: CodecContext[] = [
  createContext(),
  createContext({ asn4: true }),
  createContext({ asn4: true, extendedMessage: true, addPathReceive: ["1/1", "2/1"], addPathSend: ["1/1"] }),
  createContext({ asn4: true, extendedNextHop: ["1/1"] }),
];

function mutate(input: Uint8Array): Uint8Array {
  let b = Array.from(input);
  const rounds = 1 + rand(4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length > 0 ? rand(b.length) : 0;
    switch (rand(7)) {
      case 0:
        if (b.length > 0) b[at]! ^= 1 << rand(8);
        break;
      case 1:
        if (b.length > 0) b[at] = [0, 1, 0x7f, 0x80, 0xff, rand(256)][rand(6)]!;
        break;
      case 2:
        b.splice(at, 0, rand(256));
        break;
      case 3:
        b.splice(at, 1 + rand(4));
        break;
      case 4:
        b = b.slice(0, at);
        break;
      case 5: {
        const other = seeds[rand(seeds.length)]!;
        const from = rand(other.length);
        b.splice(at, rand(8), ...other.subarray(from, from + 1 + rand(16)));
        break;
      }
      default:
        if (b.length > 19) b[19 + rand(b.length - 19)] = rand(256);
    }
  }
  // Keep the header honest most of the time so that decoding reaches the body.
  if (b.length >= 19 && rand(10) < 8) {
    for (let i = 0; i < 16; i++) b[i] = 0xff;
    b[16] = (b.length >> 8) & 0xff;
    b[17] = b.length & 0xff;
  }
  return Uint8Array.from(b);
}

let decoded = 0;
let rejected = 0;
const crashes: string[] = [];
for (let i = 0; i < cases; i++) {
  const input = mutate(seeds[rand(seeds.length)]!);
  const ctx = contexts[rand(contexts.length)]!;
  try {
    const m = decodeMessage(input, ctx);
    const full = m.type === "UPDATE" ? materializeUpdate(m) : m;
    decoded++;
    try {
      encodeMessage(full, ctx);
    } catch (e) {
      // Re-encoding may refuse (e.g. a raw value grown past a limit), but only with a typed error.
      if (!isBgpWireError(e)) throw e;
    }
  } catch (e) {
    if (isBgpWireError(e)) {
      rejected++;
      continue;
    }
    const name = createHash("sha1").update(input).digest("hex");
    mkdirSync(regressions, { recursive: true });
    writeFileSync(join(regressions, `fuzz-${name}.bin`), input);
    crashes.push(`${name}: ${(e as Error)?.stack?.split("\n").slice(0, 3).join(" | ") ?? String(e)}`);
  }
}

const summary = { seed, cases, seeds: seeds.length, decoded, rejected, crashes: crashes.length };
if (json) console.log(JSON.stringify(summary));
else {
  console.log(summary);
  for (const c of crashes.slice(0, 20)) console.log(c);
}
process.exit(crashes.length > 0 ? 1 : 0);
