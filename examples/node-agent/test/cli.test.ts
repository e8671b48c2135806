import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentCommand } from "../src/demo/agent-command.js";

const dir = mkdtempSync(join(tmpdir(), "node-agent-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = agentCommand(args);
  return new Promise((resolve) => {
    execFile(c.cmd, [...c.args], { cwd: c.cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("tsbgp-node-agent CLI", () => {
  it("check: prints the derived peers of a valid config", async () => {
    const file = join(dir, "ok.yaml");
    writeFileSync(
      file,
      "nodeName: node-2\nasNumber: 64512\nnodeAddress: 198.19.1.2\ncluster:\n  - { name: node-1, address: 198.19.1.1 }\n  - { name: node-3, address: 198.19.1.3 }\n",
    );
    const r = await cli(["check", "--config", file]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(
      "config ok: node-2 (mesh), 2 peers\n  198.19.1.1 mesh passive\n  198.19.1.3 mesh\n",
    );
  });

  it("an invalid config gives one line naming the field and the value, exit code 2", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "nodeName: node-1\nasNumber: 64512\nnodeAddress: 198.19.1.1\ntimers: { holdTime: 2 }\n",
    );
    const r = await cli(["run", "--config", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("config: timers.holdTime = 2: must be 0 or at least 3 (RFC 4271 §4.2)\n");
  });

  it("a missing config file is reported as unreadable", async () => {
    const r = await cli(["check", "--config", join(dir, "nope.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^config: cannot read .*nope\.yaml/);
  });

  it("prints usage without a command", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: tsbgp-node-agent/);
  });
});
