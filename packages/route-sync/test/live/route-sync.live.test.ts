/**
 * RouteSync against a real kernel in a namespace: reconcile after tampering with `ip route`,
 * conflicts with foreign routes, graceful-restart stale sweep, missing permission.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KernelRoute, parsePrefix } from "../../src/index.js";
import { Agent, createNetns, deleteNetns, ip, ipj } from "../helpers/netns.js";

type IpRoute = { dst: string; type?: string; gateway?: string; protocol?: string };
const p = parsePrefix;

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const desired = (gw = "198.18.0.2"): KernelRoute[] => [
  { prefix: p("198.19.1.0/24"), nexthops: [{ gateway: gw }] },
  { prefix: p("198.19.2.0/24"), nexthops: [{ gateway: "198.18.0.2" }] },
  { prefix: p("198.19.3.0/24"), nexthops: [{ gateway: "198.18.0.2" }] },
  { prefix: p("198.19.4.0/24"), kind: "blackhole" },
  { prefix: p("2001:db8:4::/48"), nexthops: [{ gateway: "2001:db8::2" }] },
];

describe("RouteSync in the kernel: watch and repair", () => {
  let ns: string;
  let agent: Agent;
  type Event = { type: string; prefix?: { address: string }; reason?: string; foreign?: number };
  const events: Event[] = [];
  const show = (dst: string) => ipj<IpRoute[]>(ns, dst.includes(":") ? "-6" : "-4", "route", "show", dst);
  const nextEvent = (pred: (e: Event) => boolean) =>
    waitFor(async () => {
      events.push(...(await agent.call<Event[]>("events")));
      return events.find(pred);
    });

  beforeAll(async () => {
    ns = createNetns();
    agent = new Agent(ns);
    await agent.call("open", { protocol: 200 });
    await agent.call("sync.start", {});
    const report = await agent.call("sync.setDesired", { routes: desired() });
    expect(report).toMatchObject({ added: 5, failed: [] });
  });

  afterAll(async () => {
    await agent?.close();
    if (ns) deleteNetns(ns);
  });

  it("restores a route deleted with ip route", async () => {
    ip(ns, "route", "del", "198.19.1.0/24", "proto", "200");
    const e = await nextEvent((x) => x.type === "restored" && x.prefix?.address === "198.19.1.0");
    expect(e.reason).toBe("deleted");
    expect(show("198.19.1.0/24")[0]).toMatchObject({ gateway: "198.18.0.2" });
  });

  it("restores a route changed with ip route (same protocol)", async () => {
    ip(ns, "route", "replace", "198.19.2.0/24", "via", "198.18.0.77", "proto", "200");
    const e = await nextEvent((x) => x.type === "restored" && x.prefix?.address === "198.19.2.0");
    expect(e.reason).toBe("changed");
    await waitFor(() => show("198.19.2.0/24")[0]?.gateway === "198.18.0.2");
  });

  it("restores a deleted IPv6 route", async () => {
    ip(ns, "-6", "route", "del", "2001:db8:4::/48", "proto", "200");
    await nextEvent((x) => x.type === "restored" && x.prefix?.address === "2001:db8:4::");
    expect(show("2001:db8:4::/48")[0]).toMatchObject({ gateway: "2001:db8::2" });
  });

  it("reports a foreign route on our prefix as a conflict and leaves it alone", async () => {
    ip(ns, "route", "replace", "blackhole", "198.19.3.0/24", "proto", "static");
    const e = await nextEvent((x) => x.type === "conflict" && x.prefix?.address === "198.19.3.0");
    expect(e.foreign).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(show("198.19.3.0/24")).toEqual([
      expect.objectContaining({ type: "blackhole", protocol: "static" }),
    ]);
  });

  it("reinstalls our route when the foreign one goes away", async () => {
    ip(ns, "route", "del", "198.19.3.0/24", "proto", "static");
    const e = await nextEvent((x) => x.type === "restored" && x.prefix?.address === "198.19.3.0");
    expect(e.reason).toBe("conflict-cleared");
    expect(show("198.19.3.0/24")[0]).toMatchObject({ gateway: "198.18.0.2" });
  });

  it("learns another protocol's routes by filter (Calico's block blackhole, BIRD's learn)", async () => {
    ip(ns, "route", "add", "blackhole", "198.18.64.0/26", "proto", "80");
    ip(ns, "route", "add", "blackhole", "198.19.64.0/26", "proto", "80");
    const learned = await agent.call<
      { kind: string; prefix: { address: string; length: number }; protocol: number }[]
    >("sync.learn", { filter: { protocol: 80, within: p("198.18.0.0/16") } });
    expect(learned).toEqual([
      expect.objectContaining({
        kind: "blackhole",
        prefix: { family: 4, address: "198.18.64.0", length: 26 },
        protocol: 80,
      }),
    ]);
  });

  it("a full resync repairs what it finds and changes nothing else", async () => {
    const report = await agent.call("sync.resync");
    expect(report).toMatchObject({ added: 0, replaced: 0, removed: 0, unchanged: 5 });
  });
});

describe("RouteSync in the kernel: graceful restart", () => {
  let ns: string;
  let monitor: ChildProcess | undefined;
  const agents: Agent[] = [];

  beforeAll(() => {
    ns = createNetns();
  });

  afterAll(async () => {
    if (monitor?.exitCode === null) monitor.kill("SIGTERM");
    for (const a of agents) await a.close();
    if (ns) deleteNetns(ns);
  });

  it("keeps unchanged routes untouched across a restart and sweeps only stale leftovers", async () => {
    const first = new Agent(ns);
    agents.push(first);
    await first.call("open", { protocol: 200 });
    await first.call("sync.start", {});
    await first.call("sync.setDesired", { routes: desired() });
    await first.close(); // the agent stops; its routes stay
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "proto", "200")).toHaveLength(4);

    // Watch every route change the kernel makes from now on.
    let log = "";
    monitor = spawn("ip", ["-n", ns, "monitor", "route"], { stdio: ["ignore", "pipe", "inherit"] });
    monitor.stdout!.setEncoding("utf8");
    monitor.stdout!.on("data", (d: string) => {
      log += d;
    });
    await new Promise((r) => setTimeout(r, 200));

    const second = new Agent(ns);
    agents.push(second);
    await second.call("open", { protocol: 200 });
    await second.call("sync.start", {});
    // Converged RIB: 198.19.1.0 changes gateway, 198.19.4.0 is gone, the rest is unchanged.
    const next = desired("198.18.0.3").filter((r) => r.prefix.address !== "198.19.4.0");
    const report = await second.call("sync.setDesired", { routes: next });
    expect(report).toMatchObject({ added: 0, replaced: 1, removed: 0, unchanged: 3 });
    // Stale route still in place until convergence is declared.
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "198.19.4.0/24")).toHaveLength(1);
    expect(await second.call("sync.converged")).toMatchObject({ removed: 1 });
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "198.19.4.0/24")).toHaveLength(0);

    await waitFor(() => log.includes("Deleted blackhole 198.19.4.0/24"));
    monitor.kill("SIGTERM");
    // Only lines about the test prefixes: the kernel also reports its own link-local IPv6 routes.
    const lines = log
      .trim()
      .split("\n")
      .filter((l) => /198\.19\.|2001:db8:/.test(l));
    // `ip monitor` prints the nexthop object's id before the gateway when the route has one.
    expect(lines.some((l) => /^198\.19\.1\.0\/24 (nhid \d+ )?via 198\.18\.0\.3/.test(l))).toBe(true);
    expect(lines.filter((l) => /198\.19\.[23]\.0|2001:db8:4::/.test(l))).toEqual([]);
    expect(lines).toHaveLength(2);
  }, 60_000);
});

describe("RouteSync in the kernel: permissions", () => {
  let ns: string;
  beforeAll(() => {
    ns = createNetns();
  });
  afterAll(() => {
    if (ns) deleteNetns(ns);
  });

  it("without CAP_NET_ADMIN gives one clear message, not a stack trace", async () => {
    const script = fileURLToPath(new URL("./no-permission.ts", import.meta.url));
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        "ip",
        [
          "netns",
          "exec",
          ns,
          "setpriv",
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          "--inh-caps=-all",
          process.execPath,
          "--import",
          "tsx",
          script,
        ],
        { cwd: root, timeout: 20_000 },
        (_err, stdout, stderr) => resolve({ stdout, stderr }),
      );
    });
    expect(JSON.parse(stdout)).toEqual({
      code: "PERMISSION",
      errnoName: "EPERM",
      message: "add 198.19.0.0/24 via 198.18.0.2: needs root or CAP_NET_ADMIN to change kernel routes",
    });
    expect(stderr).toContain(
      "RouteSyncError [PERMISSION]: add 198.19.0.0/24 via 198.18.0.2: needs root or CAP_NET_ADMIN",
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe("RouteSync in the kernel: a large desired set with the watch running", () => {
  let ns: string;
  let agent: Agent;
  beforeAll(async () => {
    ns = createNetns();
    agent = new Agent(ns);
    await agent.call("open", { protocol: 200 });
    await agent.call("sync.start", {});
  });
  afterAll(async () => {
    await agent?.close();
    if (ns) deleteNetns(ns);
  });

  it("installs 20,000 routes, resyncs once after the paused watch and restores nothing", async () => {
    const routes: KernelRoute[] = Array.from({ length: 20_000 }, (_, i) => ({
      prefix: p(`198.19.${i >> 8}.${i & 255}/32`),
      nexthops: [{ gateway: "198.18.0.2" }],
    }));
    expect(await agent.call("sync.setDesired", { routes })).toMatchObject({ added: 20_000, failed: [] });
    type Ev = { type: string; report?: { unchanged: number; added: number; replaced: number } };
    const seen: Ev[] = [];
    const resynced = await waitFor(async () => {
      seen.push(...(await agent.call<Ev[]>("events")));
      return seen.find((e) => e.type === "resynced");
    }, 20_000);
    expect(resynced.report).toMatchObject({ unchanged: 20_000, added: 0, replaced: 0 });
    const count = ip(ns, "-4", "route", "show", "proto", "200").trim().split("\n").length;
    expect(count).toBe(20_000);
    // The watch is live again afterwards: tampering is still repaired.
    ip(ns, "route", "del", "198.19.1.1/32", "proto", "200");
    await waitFor(async () => {
      seen.push(...(await agent.call<Ev[]>("events")));
      return seen.find((e) => e.type === "restored");
    });
    expect(seen.filter((e) => e.type === "restored")).toHaveLength(1);
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "198.19.1.1/32")).toHaveLength(1);
  }, 60_000);
});

describe("RouteSync in the kernel: the watch survives bursts and a dead watcher", () => {
  let ns: string;
  let agent: Agent;
  type Ev = { type: string; prefix?: { address: string }; reason?: string };
  const seen: Ev[] = [];
  const next = (pred: (e: Ev) => boolean, ms = 15_000) =>
    waitFor(async () => {
      seen.push(...(await agent.call<Ev[]>("events")));
      return seen.find(pred);
    }, ms).catch((e: Error) => {
      throw new Error(`${e.message}; events: ${JSON.stringify(seen)}; agent stderr: ${agent.stderr}`);
    });
  const batchFile = join(tmpdir(), `tsbgp-rs-burst-${process.pid}.batch`);

  beforeAll(async () => {
    ns = createNetns();
    agent = new Agent(ns);
    await agent.call("open", { protocol: 200 });
    await agent.call("sync.start", {});
    await agent.call("sync.setDesired", { routes: desired() });
  });
  afterAll(async () => {
    await agent?.close();
    if (ns) deleteNetns(ns);
    try {
      execFileSync("rm", ["-f", batchFile]);
    } catch {}
  });

  it("keeps running through 30,000 foreign changes made while its event loop is blocked", async () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `route add 198.18.${128 + (i >> 8)}.${i & 255}/32 via 198.18.0.2 proto static`,
    );
    lines.push("route del 198.19.1.0/24 proto 200");
    writeFileSync(batchFile, `${lines.join("\n")}\n`);
    const blocked = agent.call("block", { ms: 2000 });
    await new Promise((r) => setTimeout(r, 200));
    execFileSync("ip", ["-n", ns, "-batch", batchFile]);
    await blocked;
    const e = await next((x) => x.type === "restored" && x.prefix?.address === "198.19.1.0");
    expect(e.reason).toBe("deleted");
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "198.19.1.0/24")).toHaveLength(1);
    expect(await agent.call("pid")).toBeGreaterThan(0); // the agent process is still alive
  }, 60_000);

  it("restarts a killed watch child, resyncs, and still repairs", async () => {
    const agentPid = await agent.call<number>("pid");
    const children = readFileSync(`/proc/${agentPid}/task/${agentPid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(children).toHaveLength(1); // the watch child we started
    process.kill(children[0]!, "SIGKILL");
    await next((x) => x.type === "resynced");
    ip(ns, "route", "del", "198.19.2.0/24", "proto", "200");
    await next((x) => x.type === "restored" && x.prefix?.address === "198.19.2.0");
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "198.19.2.0/24")).toHaveLength(1);
  }, 60_000);
});
