/**
 * Desired state in, minimal kernel changes out; watch and repair; graceful restart.
 * What BIRD's kernel protocol and Calico Felix's route table do for a node.
 * @module
 */
import { EventEmitter } from "node:events";
import type TypedEmitter from "typed-emitter";
import {
  DEFAULT_PROTOCOL,
  type RouteBackend,
  type RouteFilter,
  type RouteNotification,
} from "../backend/backend.js";
import { RouteSyncError } from "../errors.js";
import type { KernelRoute, NormalizedRoute, RouteOp } from "../model/kernel-route.js";
import { normalizeRoute, routeKey } from "../model/route-key.js";
import type { RestoreReason, RouteSyncEvents, SyncReport } from "./events.js";
import type { DesiredChange, RouteSyncInit } from "./options.js";
import { type PlanState, type PlanStep, planKey } from "./plan.js";
import { emptyReport, type ReportDraft } from "./report.js";

type Mode = "desired" | "repair";

/** How long the echo of our own change is waited for; the kernel sends it within milliseconds. */
const EXPECT_TTL_MS = 10_000;

/**
 * Keeps the kernel's routes of one protocol equal to a desired set.
 * All operations are serialised; each returns a {@link SyncReport}.
 */
export class RouteSync extends (EventEmitter as new () => TypedEmitter<RouteSyncEvents>) {
  /** Protocol number of our routes. */
  readonly protocol: number;
  private readonly backend: RouteBackend;
  private desired = new Map<string, NormalizedRoute>();
  private readonly installed = new Map<string, NormalizedRoute>();
  private readonly foreign = new Map<string, NormalizedRoute>();
  private readonly stale = new Set<string>();
  private readonly conflicts = new Set<string>();
  /**
   * Notifications our own operations will cause, per key (count, time of the last op): they are
   * not tampering. An echo that never comes (lost notification) expires after `EXPECT_TTL_MS`,
   * so it cannot hide a real change later.
   */
  private readonly expect = new Map<string, { n: number; at: number }>();
  private readonly dirty = new Set<string>();
  private holding: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private unwatch: (() => void) | undefined;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private repairTimer: ReturnType<typeof setTimeout> | undefined;
  private resyncPending = false;
  private started = false;
  private stopped = false;

  constructor(private readonly init: RouteSyncInit) {
    super();
    this.backend = init.backend;
    this.protocol = init.protocol ?? DEFAULT_PROTOCOL;
    this.holding = init.gracefulRestart ?? true;
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * Starts watching, then dumps our routes: they become "installed" and, with graceful restart,
   * stale until {@link converged}. Nothing is changed in the kernel by starting.
   */
  start(): Promise<void> {
    return this.run(async () => {
      if (this.started) return;
      this.started = true;
      // Watch before dumping so no change between the two is missed.
      this.unwatch = await this.backend.watch((n) => this.onNotification(n));
      await this.loadKernel();
      for (const k of this.installed.keys()) this.stale.add(k);
      const every = this.init.resyncIntervalMs ?? 90_000;
      if (every > 0) {
        this.resyncTimer = setInterval(() => {
          this.resync().catch(() => {});
        }, every);
        this.resyncTimer.unref?.();
      }
    });
  }

  private async loadKernel(): Promise<void> {
    const routes = await this.backend.listRoutes();
    this.installed.clear();
    this.foreign.clear();
    for (const r of routes)
      (r.protocol === this.protocol ? this.installed : this.foreign).set(routeKey(r), r);
  }

  /** Normalises one desired change; an invalid one is reported (`failed`, `route:error`) and skipped. */
  private normalizeOne(
    op: RouteOp["op"],
    route: KernelRoute,
    report: ReportDraft,
    given?: DesiredChange,
  ): NormalizedRoute | undefined {
    try {
      // Desired routes are always ours: our protocol marks them.
      return normalizeRoute(route, this.protocol, { keyOnly: op === "remove", protocol: this.protocol });
    } catch (e) {
      const error = e as RouteSyncError;
      const change = given ?? { op, route };
      report.failed.push({ op: change, error });
      this.emit("route:error", error, change);
      return undefined;
    }
  }

  /**
   * Replaces the whole desired set and applies the difference. Invalid routes are reported in
   * `failed` and skipped; routes of other protocols are never touched (conflicts are reported).
   */
  setDesired(routes: Iterable<KernelRoute>): Promise<SyncReport> {
    return this.run(async () => {
      this.assertStarted();
      const report = emptyReport();
      const before = this.desired;
      const desired = new Map<string, NormalizedRoute>();
      // One loop, no wrapper object per route: a full table is 100,000s of routes.
      for (const route of routes) {
        const n = this.normalizeOne("replace", route, report);
        if (n) desired.set(routeKey(n), n);
      }
      this.desired = desired;
      // Every key wanted now, then those installed or wanted before that are not (each once).
      const keys = [...desired.keys()];
      for (const k of this.installed.keys()) if (!desired.has(k)) keys.push(k);
      for (const k of before.keys()) if (!desired.has(k) && !this.installed.has(k)) keys.push(k);
      return this.reconcile(keys, "desired", report);
    });
  }

  /** Applies incremental changes to the desired set (add/replace set a route, remove drops it). */
  apply(changes: Iterable<DesiredChange>): Promise<SyncReport> {
    return this.run(async () => {
      this.assertStarted();
      const report = emptyReport();
      const keys = new Set<string>();
      for (const change of changes) {
        const route = this.normalizeOne(change.op, change.route, report, change);
        if (!route) continue;
        const { op } = change;
        const k = routeKey(route);
        if (op === "remove") this.desired.delete(k);
        else this.desired.set(k, route);
        keys.add(k);
      }
      return this.reconcile(keys, "desired", report);
    });
  }

  /** The RIB has converged: stop holding stale routes and remove those not desired again. */
  converged(): Promise<SyncReport> {
    return this.run(async () => {
      this.assertStarted();
      this.holding = false;
      const keys = [...this.stale];
      const report = await this.reconcile(keys, "desired", emptyReport());
      this.stale.clear();
      this.emit("sync:stale-swept", report.removed);
      return report;
    });
  }

  /** Full resync: dump the kernel, rebuild our view and repair every difference. */
  resync(): Promise<SyncReport> {
    return this.run(async () => {
      this.assertStarted();
      this.resyncPending = false;
      try {
        await this.loadKernel();
        this.expect.clear();
        const keys = new Set<string>([...this.desired.keys(), ...this.installed.keys()]);
        const report = await this.reconcile(keys, "repair", emptyReport());
        this.emit("sync:resynced", report);
        return report;
      } catch (e) {
        const err =
          e instanceof RouteSyncError ? e : new RouteSyncError("TRANSPORT", String(e), { cause: e });
        this.emit("sync:error", err);
        throw err;
      }
    });
  }

  /** Kernel routes matching `filter` (e.g. another protocol's, to export into the RIB like BIRD's `learn`). */
  learn(filter: RouteFilter): Promise<NormalizedRoute[]> {
    return this.backend.listRoutes(filter);
  }

  /** Our routes as currently believed installed. */
  installedRoutes(): NormalizedRoute[] {
    return [...this.installed.values()];
  }

  /** Keys (table|prefix|metric) currently held back by a conflict. */
  conflictKeys(): string[] {
    return [...this.conflicts];
  }

  private async reconcile(keys: Iterable<string>, mode: Mode, report: ReportDraft): Promise<SyncReport> {
    const state: PlanState = {
      desired: this.desired,
      installed: this.installed,
      foreign: this.foreign,
      stale: this.stale,
      holding: this.holding,
      takeOver: this.init.takeOver ?? false,
    };
    const steps: (PlanStep & { kind: "add" | "replace" | "remove" })[] = [];
    for (const k of keys) {
      const step = planKey(state, k);
      if (!step) {
        // No longer wanted: nothing to be in conflict about.
        if (this.conflicts.size > 0) this.conflicts.delete(k);
        continue;
      }
      if (step.kind === "unchanged") {
        report.unchanged++;
        if (this.stale.size > 0) this.stale.delete(k);
        if (this.conflicts.size > 0) this.conflicts.delete(k);
      } else if (step.kind === "conflict") {
        report.conflicts++;
        if (!this.conflicts.has(k)) {
          this.conflicts.add(k);
          this.emit("route:conflict", step.route, this.foreign.get(k));
        }
      } else steps.push(step as PlanStep & { kind: "add" | "replace" | "remove" });
    }
    if (steps.length === 0) return report;
    // Count the echoes to expect, unless the backend will not deliver them (a big batch runs with
    // the watch paused and ends in an overrun, i.e. a resync that starts from the kernel's view).
    if (!this.backend.suppressesEchoes?.(steps.length)) {
      const now = Date.now();
      for (const s of steps) this.expect.set(s.key, { n: (this.expect.get(s.key)?.n ?? 0) + 1, at: now });
    }
    const results = await this.backend.applyBatch(
      steps.map((s) => ({ op: s.kind, route: s.route })),
      { defaultProtocol: this.protocol },
    );
    let recheck = false;
    for (let i = 0; i < results.length; i++) {
      const res = results[i]!;
      const s = steps[i]!;
      const k = s.key;
      if (!res.ok) this.unexpect(k);
      if (s.kind === "remove") {
        // ESRCH: already gone, which is what we wanted.
        if (res.ok || res.error.errnoName === "ESRCH") {
          this.installed.delete(k);
          this.stale.delete(k);
          if (res.ok) report.removed++;
        } else this.failed(report, res.op, res.error);
        continue;
      }
      if (res.ok) {
        const had = this.installed.get(k);
        this.installed.set(k, s.route);
        // Size checks first: these are usually empty, and a full table is 100,000s of keys.
        if (this.foreign.size > 0) this.foreign.delete(k);
        if (this.stale.size > 0) this.stale.delete(k);
        if (s.kind === "add") report.added++;
        else report.replaced++;
        if (mode === "repair") {
          const reason: RestoreReason = this.conflicts.has(k)
            ? "conflict-cleared"
            : had
              ? "changed"
              : "deleted";
          this.emit("route:restored", s.route, reason);
        }
        if (this.conflicts.size > 0) this.conflicts.delete(k);
        continue;
      }
      if (s.kind === "add" && res.error.errnoName === "EEXIST") {
        // Someone holds this key: another protocol (conflict) or our view is outdated. Look again.
        report.conflicts++;
        recheck = true;
        if (!this.conflicts.has(k)) {
          this.conflicts.add(k);
          this.emit("route:conflict", s.route, this.foreign.get(k));
        }
        continue;
      }
      this.failed(report, res.op, res.error);
    }
    if (recheck) this.scheduleResync();
    return report;
  }

  private failed(report: ReportDraft, op: RouteOp, error: RouteSyncError): void {
    report.failed.push({ op, error });
    this.emit("route:error", error, op);
  }

  private unexpect(k: string): void {
    const e = this.expect.get(k);
    if (e && e.n > 1) this.expect.set(k, { n: e.n - 1, at: e.at });
    else this.expect.delete(k);
  }

  /** Whether a notification for `k` is the echo of our own operation (and consumes it). */
  private isEcho(k: string): boolean {
    const e = this.expect.get(k);
    if (!e) return false;
    if (Date.now() - e.at > EXPECT_TTL_MS) {
      this.expect.delete(k);
      return false;
    }
    this.unexpect(k);
    return true;
  }

  private onNotification(n: RouteNotification): void {
    if (this.stopped) return;
    if (n.type === "overrun") {
      this.scheduleResync();
      return;
    }
    const r = n.route;
    const k = routeKey(r);
    if (r.protocol === this.protocol) {
      if (this.isEcho(k)) return;
      if (n.type === "del") this.installed.delete(k);
      else this.installed.set(k, r);
    } else if (n.type === "del") {
      if (this.foreign.get(k)?.protocol === r.protocol) this.foreign.delete(k);
    } else {
      this.foreign.set(k, r);
      // A foreign NEWROUTE on our key replaced our route (`ip route replace` of another owner).
      this.installed.delete(k);
    }
    if (!this.desired.has(k) && !this.installed.has(k)) return;
    this.dirty.add(k);
    if (!this.repairTimer) {
      this.repairTimer = setTimeout(() => {
        this.repairTimer = undefined;
        const keys = [...this.dirty];
        this.dirty.clear();
        this.run(() => this.reconcile(keys, "repair", emptyReport())).catch((e) =>
          this.emit("sync:error", e as RouteSyncError),
        );
      }, this.init.repairDelayMs ?? 20);
    }
  }

  private scheduleResync(): void {
    if (this.resyncPending || this.stopped) return;
    this.resyncPending = true;
    this.resync().catch(() => {});
  }

  /** Removes every route of ours from the kernel (shutdown without graceful restart). */
  flush(): Promise<SyncReport> {
    return this.run(async () => {
      this.assertStarted();
      this.desired.clear();
      this.holding = false;
      const report = await this.reconcile([...this.installed.keys()], "desired", emptyReport());
      // Leave nothing of ours behind: the backend's helper objects (nexthop objects) too.
      await this.backend.collectUnused?.();
      return report;
    });
  }

  /** Stops watching and timers. Routes stay in the kernel (for a graceful restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    if (this.repairTimer) clearTimeout(this.repairTimer);
    this.unwatch?.();
    this.unwatch = undefined;
    await this.queue;
  }

  private assertStarted(): void {
    if (!this.started) throw new RouteSyncError("CLOSED", "RouteSync.start() has not been called");
    if (this.stopped) throw new RouteSyncError("CLOSED", "RouteSync was stopped");
  }
}
