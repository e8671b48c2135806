/** The simulator as a program: exit codes, the usage error on stderr, one JSON object on stdout. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

function simulate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", main, ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("simulate (the program)", () => {
  it("exits 2 with the reason and the usage on a bad command line", async () => {
    for (const args of [
      ["--nodes", "1", "--mode", "mesh"],
      ["--nodes", "3", "--mode", "rr", "--reflectors", "4"],
      ["--nodes", "3", "--mode", "bus"],
    ]) {
      const r = await simulate(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^simulate: --(nodes|reflectors|mode) .+\nusage: simulate --nodes N/);
    }
  });

  it("--json prints one object with the figures", async () => {
    const r = await simulate(["--nodes", "5", "--mode", "rr", "--reflectors", "2", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]!);
    expect(o).toMatchObject({ nodes: 5, mode: "rr", reflectors: 2, converged: true, sessions: 7 });
    expect(o.converge_s).toEqual({
      virtual: expect.any(Number),
      wall: expect.any(Number),
      cpu: expect.any(Number),
    });
    expect(o.messages).toBeGreaterThan(0);
    expect(o.heap_mb).toBeGreaterThan(0);
    expect(Object.keys(o.phases)).toEqual(["cold", "leave", "join"]);
  });

  it("prints a readable summary without --json", async () => {
    const r = await simulate(["--nodes", "3", "--mode", "mesh", "--scenario", "cold"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 nodes, full mesh, scenario cold\nsessions 3 \(expected 3\)/);
    expect(r.stdout).toMatch(/cold {5}converged in [\d.]+ s virtual/);
  });
});
