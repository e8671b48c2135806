/**
 * The node-agent guide's reference sections are checked against the agent itself, so a renamed
 * field, metric, log message or signal fails here instead of leaving the guide wrong.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AgentMetrics,
  NodeAgentError,
  parseConfig,
  validateConfig,
} from "../../examples/node-agent/src/index.js";
import { codeSpans, fences, REPO_ROOT, readGuide, SAMPLES_DIR, tableAfter } from "./markdown.js";
import { run } from "./run.js";

const GUIDE = "node-agent.md";
const text = readGuide(GUIDE);
const MINIMAL = { nodeName: "n1", asNumber: 64512, nodeAddress: "198.18.0.1" };

/** The validator's own list of fields at `path`: it names them when it meets an unknown one. */
function knownFields(doc: Record<string, unknown>): string[] {
  try {
    validateConfig(doc);
  } catch (e) {
    const m = /unknown field \(expected one of: ([^)]*)\)/.exec((e as Error).message);
    if (m) return m[1]!.split(", ");
    throw e;
  }
  throw new Error("an unknown field was accepted");
}

/** Every leaf field the validator accepts, as dotted paths (`timers.holdTime`, `peers[].address`). */
function validatorFields(): string[] {
  const nested: Record<string, (bad: object) => Record<string, unknown>> = {
    timers: (bad) => ({ ...MINIMAL, timers: bad }),
    kernel: (bad) => ({ ...MINIMAL, kernel: bad }),
    listen: (bad) => ({ ...MINIMAL, listen: bad }),
    metrics: (bad) => ({ ...MINIMAL, metrics: bad }),
    "cluster[]": (bad) => ({ ...MINIMAL, cluster: [bad] }),
    "peers[]": (bad) => ({ ...MINIMAL, peers: [bad] }),
  };
  const out: string[] = [];
  for (const key of knownFields({ ...MINIMAL, "no-such-field": 1 })) {
    const group = nested[key] ?? nested[`${key}[]`];
    if (group === undefined) out.push(key);
    else {
      const prefix = nested[key] ? key : `${key}[]`;
      for (const sub of knownFields(group({ "no-such-field": 1 }))) out.push(`${prefix}.${sub}`);
    }
  }
  return out.sort();
}

describe("config reference", () => {
  const rows = tableAfter(text, "Config reference");
  const documented = rows.map((r) => codeSpans(r[0]!)[0]!);

  it("documents exactly the fields the validator accepts", () => {
    expect(documented.length).toBeGreaterThan(20);
    expect([...documented].sort()).toEqual(validatorFields());
  });

  it("states the defaults the validator applies", () => {
    const config = validateConfig({ ...MINIMAL, metrics: true }) as unknown as Record<string, unknown>;
    let checked = 0;
    for (const row of rows) {
      const field = codeSpans(row[0]!)[0]!;
      const spans = codeSpans(row[2] ?? "");
      if (field.includes("[]") || spans.length !== 1) continue; // per-entry or descriptive
      const value = field.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], config);
      const shown = typeof value === "object" ? JSON.stringify(value) : String(value);
      expect(`${field} = ${spans[0]}`).toBe(`${field} = ${shown}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("shows an error line the validator really prints", () => {
    const shown = fences(GUIDE, text).find((f) => f.lang === "text" && f.body.startsWith("config: "));
    expect(shown).toBeDefined();
    const sample = readFileSync(join(SAMPLES_DIR, "node-1.yaml"), "utf8");
    const bad = sample.replace(/holdTime: \d+/, "holdTime: 2");
    expect(() => parseConfig(bad)).toThrow(NodeAgentError);
    try {
      parseConfig(bad);
    } catch (e) {
      expect(`${(e as Error).message}\n`).toBe(shown!.body);
    }
  });

  it("accepts the sample configs with the real CLI (`check`)", async () => {
    const r = await run(process.execPath, [
      "--import",
      "tsx",
      "examples/node-agent/src/cli.ts",
      "check",
      "--config",
      "docs/samples/node-1.yaml",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("config ok: node-1 (mesh), 1 peers\n  127.0.3.2 mesh\n");
    const shown = fences(GUIDE, text).find((f) => f.lang === "text" && f.body.startsWith("config ok:"));
    expect(shown?.body).toBe(r.stdout);
  });
});

describe("metrics, logs and signals", () => {
  it("lists every Prometheus metric the agent registers", async () => {
    const names = (await new AgentMetrics("n1").registry.getMetricsAsJSON()).map((m) => m.name).sort();
    const documented = tableAfter(text, "Metrics").map((r) => codeSpans(r[0]!)[0]!);
    expect(names.length).toBeGreaterThan(5);
    expect([...documented].sort()).toEqual(names);
  });

  it("quotes log messages the agent really writes", () => {
    const src = join(REPO_ROOT, "examples/node-agent/src");
    const sources = [
      ...readdirSync(join(src, "agent")).map((f) => join(src, "agent", f)),
      join(src, "cli.ts"),
    ]
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const quoted = tableAfter(text, "Logs").map((r) => codeSpans(r[0]!)[0]!);
    expect(quoted.length).toBeGreaterThan(5);
    for (const msg of quoted) expect(sources, msg).toContain(`"${msg}"`);
  });

  it("documents the signals the CLI handles", () => {
    const cli = readFileSync(join(REPO_ROOT, "examples/node-agent/src/cli.ts"), "utf8");
    const handled = [...cli.matchAll(/process\.on\("(SIG[A-Z0-9]+)"/g)].map((m) => m[1]!).sort();
    const documented = tableAfter(text, "Signals").flatMap((r) => codeSpans(r[0]!));
    expect(handled.length).toBeGreaterThan(1);
    expect([...documented].sort()).toEqual(handled);
  });
});
