import { readFileSync } from "node:fs";

/**
 * Whether a PID is a live process. A zombie (killed, not yet reaped by its new parent after
 * its own parent exited) counts as dead.
 */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
