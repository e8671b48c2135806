/**
 * Network namespaces for kernel tests: each test file makes its own (tsbgp-rs-<random>), with a
 * veth pair d0/d1 (198.18.0.1/24, 2001:db8::1/64 on d0), and deletes it in afterAll, on exit
 * and on signals. Nothing here touches the host's own namespace.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const created = new Set<string>();
let hooked = false;

function cleanupAll(): void {
  for (const ns of created) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
  created.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", cleanupAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      cleanupAll();
      process.kill(process.pid, sig);
    });
  }
}

/** Runs `ip` with arguments inside `ns`; returns stdout. */
export function ip(ns: string, ...args: string[]): string {
  return execFileSync("ip", ["-n", ns, ...args], { encoding: "utf8" });
}

/** Runs `ip -j -n ns ...` and parses its JSON (`[]` for empty output). */
export function ipj<T = Record<string, unknown>[]>(ns: string, ...args: string[]): T {
  const out = execFileSync("ip", ["-j", "-n", ns, ...args], { encoding: "utf8" }).trim();
  return JSON.parse(out || "[]") as T;
}

/** Creates the test namespace with lo up and veth d0/d1 addressed. */
export function createNetns(): string {
  hook();
  const ns = `tsbgp-rs-${randomBytes(4).toString("hex")}`;
  execFileSync("ip", ["netns", "add", ns]);
  created.add(ns);
  ip(ns, "link", "set", "lo", "up");
  ip(ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1");
  ip(ns, "link", "set", "d0", "up");
  ip(ns, "link", "set", "d1", "up");
  ip(ns, "addr", "add", "198.18.0.1/24", "dev", "d0");
  ip(ns, "-6", "addr", "add", "2001:db8::1/64", "dev", "d0", "nodad");
  return ns;
}

/** Deletes a namespace made by {@link createNetns} (its processes must be gone first). */
export function deleteNetns(ns: string): void {
  if (!created.delete(ns)) return;
  execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
}

const agentPath = fileURLToPath(new URL("../live/agent.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Reply of the agent to one command. */
type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: Record<string, unknown> };

/** A child node process running route-sync inside a namespace, driven over JSON lines. */
export class Agent {
  private readonly child: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private buf = "";
  private readonly waiting = new Map<number, (r: Reply) => void>();
  stderr = "";
  private readonly exited: Promise<number | null>;

  constructor(ns: string) {
    this.child = spawn("ip", ["netns", "exec", ns, process.execPath, "--import", "tsx", agentPath], {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (d: string) => {
      this.stderr += d;
    });
    this.child.stdout.on("data", (d: string) => {
      this.buf += d;
      for (let nl = this.buf.indexOf("\n"); nl >= 0; nl = this.buf.indexOf("\n")) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        const reply = JSON.parse(line) as Reply;
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      }
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Sends a command; resolves with its result or rejects with the agent's error object. */
  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, (r) =>
        r.ok ? resolve(r.result as T) : reject(Object.assign(new Error(String(r.error.message)), r.error)),
      );
      this.child.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
      void this.exited.then((code) => {
        if (this.waiting.delete(id)) reject(new Error(`agent exited (${code}): ${this.stderr}`));
      });
    });
  }

  /** Ends the agent (routes stay in the namespace) and waits for it. */
  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.stdin.end();
      const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(t);
    }
  }
}
