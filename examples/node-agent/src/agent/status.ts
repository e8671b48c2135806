/** `status` output in the shape of `calicoctl node status`, plus routes in/out. */
import type { AgentPeer } from "../config/types.js";

/** One row of the peer table. */
export interface PeerStatus {
  readonly address: string;
  readonly name: string;
  readonly type: string;
  /** RFC 4271 state name. */
  readonly state: string;
  readonly since: Date;
  readonly info: string;
  readonly routesIn: number;
  readonly routesOut: number;
}

/** Calico's peer type column. */
export function peerType(p: AgentPeer): string {
  switch (p.kind) {
    case "mesh":
      return "node-to-node mesh";
    case "reflector":
      return "route reflector";
    case "client":
      return "rr client";
    case "explicit":
      return "global";
  }
}

/** `up` when Established, as calicoctl shows BIRD's protocol state; else `start`. */
function shortState(state: string): string {
  return state === "Established" ? "up" : "start";
}

/** Render the table (IPv4 and IPv6 sections, like calicoctl). */
export function formatStatus(node: string, rows: readonly PeerStatus[]): string {
  const out = [`tsbgp node agent ${node} is running.`];
  for (const [title, fam] of [
    ["IPv4 BGP status", (a: string) => !a.includes(":")],
    ["IPv6 BGP status", (a: string) => a.includes(":")],
  ] as const) {
    const mine = rows.filter((r) => fam(r.address));
    out.push("", title);
    if (mine.length === 0) {
      out.push(`No IPv${title.startsWith("IPv4") ? "4" : "6"} peers found.`);
      continue;
    }
    const header = ["PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO", "ROUTES IN", "ROUTES OUT"];
    const body = mine.map((r) => [
      r.address,
      r.type,
      shortState(r.state),
      r.since.toISOString().slice(11, 19),
      r.info,
      String(r.routesIn),
      String(r.routesOut),
    ]);
    out.push(...table(header, body));
  }
  return `${out.join("\n")}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const fmt = (cells: readonly string[]) => `|${cells.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join("|")}|`;
  return [line, fmt(header.map((h, i) => center(h, widths[i]!))), line, ...rows.map(fmt), line];
}

function center(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return " ".repeat(left) + text;
}
