/** The tsbgp-speaker CLI as a child process, peered with a speaker in the test process. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BgpSpeaker } from "@tsbgp/bgp-fsm";
import { type UpdateMessage, formatPrefix } from "@tsbgp/bgp-wire";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/tsbgp-speaker.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tsbgp-speaker-test-"));
const children: ChildProcess[] = [];
const speakers: BgpSpeaker[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  await Promise.all(speakers.splice(0).map((s) => s.stop()));
});
// vitest may end the worker without a process "exit": remove the folder after the file too.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(host: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Runs the CLI; `lines` collects its parsed stdout JSON lines. */
function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  let buf = "";
  const waiters: {
    pred: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const l = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
      buf = buf.slice(i + 1);
      lines.push(l);
      for (const w of [...waiters])
        if (w.pred(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
    }
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number>((r) => child.once("exit", (code) => r(code ?? -1)));
  const waitLine = (pred: (l: Record<string, unknown>) => boolean, ms = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const hit = lines.find(pred);
      if (hit) return resolve(hit);
      const t = setTimeout(
        () =>
          reject(
            new Error(`no matching line in ${ms} ms; stderr: ${stderr}; lines: ${JSON.stringify(lines)}`),
          ),
        ms,
      );
      waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(t);
          resolve(l);
        },
      });
    });
  return { child, lines, exited, waitLine, stderr: () => stderr };
}

describe("tsbgp-speaker", () => {
  it("peers, announces its prefixes with attributes and prints received routes as JSON lines", async () => {
    const cliPort = await freePort("127.0.0.1");
    const ourPort = await freePort("127.0.0.2");
    const file = join(dir, "speaker.yaml");
    writeFileSync(
      file,
      [
        "localAs: 65001",
        "routerId: 1.1.1.1",
        `listen: { address: 127.0.0.1, port: ${cliPort} }`,
        "peers:",
        `  - { address: 127.0.0.2, port: ${ourPort}, localAddress: 127.0.0.1, peerAs: 65002, families: [ipv4-unicast, ipv6-unicast] }`,
        "announce:",
        "  - prefixes: [10.1.0.0/16, 2001:db8:1::/48]",
        '    communities: ["65001:100", no-export]',
        '    largeCommunities: ["65001:1:2"]',
        "    med: 5",
      ].join("\n"),
    );
    const ours = new BgpSpeaker({
      localAs: 65002,
      routerId: "2.2.2.2",
      listen: { address: "127.0.0.2", port: ourPort },
      peers: [
        {
          address: "127.0.0.1",
          port: cliPort,
          localAddress: "127.0.0.2",
          peerAs: 65001,
          families: ["1/1", "2/1"],
          connectRetryTime: 1,
        },
      ],
    });
    speakers.push(ours);
    const session = ours.sessions[0]!;
    const got: UpdateMessage[] = [];
    session.on("update:received", (u) => got.push(u));
    session.on("session:established", () => {
      void session.announce({
        attributes: {
          origin: 0,
          asPath: [{ type: 2, asns: [65002, 65010] }],
          nextHop: { afi: 1, addr: 0x7f000002 },
          localPref: 7,
        },
        announce: [{ prefix: { afi: 1, addr: 0xc0000200, len: 24 } }],
      });
    });
    await ours.start();
    const cli = run(["--config", file, "--json"]);
    await cli.waitLine((l) => l.event === "established");
    const route = await cli.waitLine((l) => l.event === "route" && l.prefix === "192.0.2.0/24");
    expect(route).toMatchObject({
      peer: "127.0.0.2",
      action: "announce",
      asPath: [65002, 65010],
      nextHop: "127.0.0.2",
    });
    await cli.waitLine((l) => l.event === "announced");
    while (got.filter((u) => u.nlri.length > 0 || u.attributes.mpReach).length < 2)
      await new Promise((r) => setTimeout(r, 20));
    const v4 = got.find((u) => u.nlri.length > 0)!;
    expect(v4.nlri.map((n) => formatPrefix(n.prefix))).toEqual(["10.1.0.0/16"]);
    expect(v4.attributes).toMatchObject({
      med: 5,
      asPath: [{ type: 2, asns: [65001] }],
      largeCommunities: [{ global: 65001, local1: 1, local2: 2 }],
    });
    expect(v4.attributes.communities).toEqual([((65001 << 16) | 100) >>> 0, 0xffffff01]);
    const v6 = got.find((u) => u.attributes.mpReach)!;
    expect(v6.attributes.mpReach!.nlri.map((n) => formatPrefix(n.prefix))).toEqual(["2001:db8:1::/48"]);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(session.counters.lastNotificationReceived).toMatchObject({ code: 6, subcode: 2 });
  });

  it("names the bad field of a bad config and exits 2", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ localAs: 65001, routerId: "1.1.1.1", peers: [{ address: "10.0.0.1", holdTime: 1 }] }),
    );
    const cli = run(["--config", file]);
    expect(await cli.exited).toBe(2);
    const err = JSON.parse(cli.stderr().trim()) as Record<string, string>;
    expect(err).toMatchObject({ event: "config-error", field: "peers[0].holdTime" });
    expect(err.reason).toMatch(/at least 3/);
  });

  it("names the bad announcement field", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "localAs: 65001\nrouterId: 1.1.1.1\npeers: []\nannounce:\n  - prefixes: [10.0.0.0/33]\n",
    );
    const cli = run(["--config", file]);
    expect(await cli.exited).toBe(2);
    expect(JSON.parse(cli.stderr().trim())).toMatchObject({ field: "announce[0].prefixes[0]" });
  });
});
