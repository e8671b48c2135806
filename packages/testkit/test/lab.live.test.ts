import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Lab, waitFor } from "../src/index.js";
import { pidAlive } from "./helpers/alive.js";

const labs: Lab[] = [];
async function newLab(): Promise<Lab> {
  const lab = await Lab.create();
  labs.push(lab);
  return lab;
}

afterAll(async () => {
  for (const lab of labs) await lab.destroy();
  for (const lab of labs) expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
});

// One reply within 3 s, probing every 0.2 s: the very first IPv6 probe on a fresh veth can be
// lost while neighbour discovery settles (seen once in CI), which says nothing about the lab.
const ping = (host: { exec: (c: string, a: string[]) => Promise<unknown> }, address: string) =>
  host.exec("ping", ["-c", "1", "-w", "3", "-i", "0.2", address]);

describe("Lab", () => {
  it("is available here (CI runs as root)", async () => {
    expect(await Lab.available()).toBeUndefined();
  });

  it("creates prefixed namespaces and a veth link that carries IPv4 and IPv6 at once", async () => {
    const lab = await newLab();
    const a = await lab.host("a");
    const b = await lab.host("b");
    expect(await lab.host("a")).toBe(a);
    const link = await lab.link(a, b);
    expect(lab.prefix).toMatch(/^tsbgp-[0-9a-f]{6}-$/);
    expect((await Lab.listNamespaces(lab.prefix)).sort()).toEqual([a.netns, b.netns].sort());
    expect(link.a).toMatchObject({ ifname: "eth0", v4: "198.18.1.1", v6: "2001:db8:1::1" });
    expect(link.b).toMatchObject({ ifname: "eth0", v4: "198.18.1.2", v6: "2001:db8:1::2" });
    await ping(a, "198.18.1.2");
    // nodad: no waiting for duplicate address detection before IPv6 works.
    await ping(a, "2001:db8:1::2");
    const lo = (await a.exec("ip", ["-o", "link", "show", "lo"])).stdout;
    expect(lo).toMatch(/state UNKNOWN|UP/);
    const second = await lab.link(a, b, { v4: ["198.18.77.1/30", "198.18.77.2/30"], v6: false });
    expect(second.a).toMatchObject({ ifname: "eth1", v4: "198.18.77.1" });
    expect(second.a.v6).toBeUndefined();
    await ping(b, "198.18.77.1");
  });

  it("puts N hosts on one shared L2 segment", async () => {
    const lab = await newLab();
    const hosts = [await lab.host("n1"), await lab.host("n2"), await lab.host("n3")];
    const segment = await lab.segment(hosts);
    expect(segment.members.map((m) => m.v4)).toEqual(["198.19.1.1", "198.19.1.2", "198.19.1.3"]);
    expect(segment.endpoint(hosts[2]!).v6).toBe("2001:db8:101::3");
    for (const from of hosts) {
      for (const to of segment.members) {
        if (to.host === from) continue;
        await ping(from, to.v4!);
        await ping(from, to.v6!);
      }
    }
  });

  it("destroy stops tracked processes by PID, kills strays in its namespaces and deletes everything", async () => {
    const lab = await newLab();
    const h = await lab.host("h");
    await lab.link(h, await lab.host("g"));
    const tracked = h.spawn("sleep", ["600"]);
    // A process the lab did not start itself, left running inside the namespace.
    const stray = Number((await h.exec("sh", ["-c", "sleep 600 >/dev/null 2>&1 & echo $!"])).stdout.trim());
    expect(pidAlive(tracked.pid)).toBe(true);
    expect(pidAlive(stray)).toBe(true);
    await lab.destroy();
    expect(tracked.running).toBe(false);
    await waitFor(() => !pidAlive(stray), { timeoutMs: 5_000, what: "stray process gone" });
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
    expect(existsSync(lab.workdir)).toBe(false);
    await expect(lab.host("x")).rejects.toMatchObject({ name: "TestkitError", code: "DESTROYED" });
  });
});

describe("Lab exit hooks", () => {
  const child = fileURLToPath(new URL("./helpers/lab-child.ts", import.meta.url));

  /** Start the child, wait for its READY line, return its lab prefix and sleeper PID. */
  async function startChild(arg?: string) {
    const proc = spawn(process.execPath, ["--import", "tsx", child, ...(arg ? [arg] : [])], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    const [, prefix = "", pid = ""] =
      (await waitFor(() => /READY (\S+) (\d+)/.exec(out) ?? undefined, {
        timeoutMs: 20_000,
        what: "child lab",
      })) ?? [];
    return { proc, prefix, sleeper: Number(pid), exited };
  }

  it("tears the lab down when the process exits without destroy()", async () => {
    const { prefix, sleeper, exited } = await startChild("exit");
    expect(await exited).toBe(3);
    expect(await Lab.listNamespaces(prefix)).toEqual([]);
    expect(pidAlive(sleeper)).toBe(false);
  });

  it("tears the lab down on SIGTERM", async () => {
    const { proc, prefix, sleeper, exited } = await startChild();
    expect(await Lab.listNamespaces(prefix)).toHaveLength(1);
    proc.kill("SIGTERM");
    await exited;
    expect(await Lab.listNamespaces(prefix)).toEqual([]);
    expect(pidAlive(sleeper)).toBe(false);
  });

  it("sweepStale() removes the lab of a process killed with SIGKILL", async () => {
    const { proc, prefix, sleeper, exited } = await startChild();
    proc.kill("SIGKILL");
    await exited;
    expect(await Lab.listNamespaces(prefix)).toHaveLength(1);
    const removed = await Lab.sweepStale();
    expect(removed).toContain(`${prefix}h`);
    expect(await Lab.listNamespaces(prefix)).toEqual([]);
    await waitFor(() => !pidAlive(sleeper), { timeoutMs: 5_000, what: "sleeper gone" });
  });
});
