/**
 * The {@link SyncReport} an operation fills in as it goes.
 * @module
 */
import type { SyncReport } from "./events.js";

/** A report being filled in (counters and the failure list writable). */
export type ReportDraft = { -readonly [K in keyof SyncReport]: SyncReport[K] } & {
  failed: SyncReport["failed"][number][];
};

/** An empty report: nothing done yet. */
export function emptyReport(): ReportDraft {
  return { added: 0, replaced: 0, removed: 0, unchanged: 0, conflicts: 0, failed: [] };
}
