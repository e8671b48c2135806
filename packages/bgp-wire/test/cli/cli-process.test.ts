import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MrtReader } from "@tsbgp/bgp-wire";
import { local, readMaybeGzip } from "../mrt/fixture-paths.js";
import { runBgpdump } from "./bgpdump-run.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../../..");
const bin = resolve(here, "../../src/cli/bin.ts");
const dir = mkdtempSync(join(tmpdir(), "tsbgp-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI from source (node + tsx), as the built bin would run. */
function cli(...args: string[]) {
  return cliWithInput(undefined, ...args);
}

function cliWithInput(input: Uint8Array | undefined, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", bin, ...args], {
    cwd: repo,
    maxBuffer: 1 << 28,
    encoding: "buffer",
    ...(input ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe("tsbgp-mrt", () => {
  it("prints bgpdump -m lines for plain and bzip2 files, several files in order", () => {
    const r = cli(local("quagga_rib"), local("bird_bgp.bz2"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const expected = Buffer.concat([runBgpdump(local("quagga_rib")), runBgpdump(local("bird_bgp"))]);
    expect(r.stdout.equals(expected)).toBe(true);
  });

  it("reads standard input with -, gzip detected from the stream", () => {
    const gz = readFileSync(local("updates.20020722.2238.gz"));
    const r = cliWithInput(gz, "-");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.equals(runBgpdump(local("updates.20020722.2238.gz")))).toBe(true);
  });

  it("--json prints one parseable object per record", () => {
    const r = cli("--json", local("bird_bgp"));
    expect(r.code).toBe(0);
    const lines = r.stdout.toString("utf8").trimEnd().split("\n");
    const records = [...new MrtReader(new Uint8Array(readFileSync(local("bird_bgp"))))];
    expect(lines).toHaveLength(records.length);
    const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map((o) => o.type)).toEqual(records.map((x) => x.type));
    const update = objs.find(
      (o) => o.type === "BGP4MP_MESSAGE" && (o.decoded as { type?: string } | undefined)?.type === "UPDATE",
    );
    expect(update).toBeDefined();
    const dec = update!.decoded as { nlri: string[]; attributes: { asPath: unknown[] } };
    expect(Array.isArray(dec.nlri)).toBe(true);
    expect(update!.peerIp).toBe("192.168.0.10");
  });

  it("a cut file prints its whole records, reports the cut on stderr and exits 0", () => {
    const bytes = readMaybeGzip(local("updates.20020722.2238.gz"));
    const recs = [...new MrtReader(bytes)];
    const cutAt = recs[300]!.header.offset + 9;
    const whole = join(dir, "whole.mrt");
    const cut = join(dir, "cut.mrt");
    writeFileSync(whole, bytes.subarray(0, recs[300]!.header.offset));
    writeFileSync(cut, bytes.subarray(0, cutAt));
    const r = cli(cut);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cut\.mrt: MRT stream ends inside a record header at offset \d+/);
    expect(r.stdout.equals(runBgpdump(whole))).toBe(true);
  });

  it("a cut gzip file prints the records before the cut and reports it on stderr", () => {
    const gz = readFileSync(local("updates.20020722.2238.gz"));
    const cut = join(dir, "cut.mrt.gz");
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    const r = cli(cut);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cut\.mrt\.gz: unexpected end of file/);
    const whole = runBgpdump(local("updates.20020722.2238.gz"));
    expect(r.stdout.length).toBeGreaterThan(1000);
    expect(r.stdout.equals(whole.subarray(0, r.stdout.length))).toBe(true);
  });

  it("stops quietly when the reader of its output goes away", () => {
    const r = spawnSync(
      "sh",
      [
        "-c",
        `"${process.execPath}" --import tsx "${bin}" "${local("updates.20020722.2238.gz")}" | head -n 1`,
      ],
      { cwd: repo, encoding: "buffer" },
    );
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/^BGP4MP\|/);
    expect(r.stderr.toString()).toBe("");
  });

  it("usage errors and missing files give a non-zero exit and a message", () => {
    const bad = cli("--bogus", local("bird_bgp"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option --bogus");
    const none = cli();
    expect(none.code).toBe(2);
    const missing = cli(join(dir, "does-not-exist.mrt"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does-not-exist.mrt");
  });
});
