import { describe, expect, it } from "vitest";
import { formatStatus, type PeerStatus } from "../../src/agent/status.js";

const row = (address: string, state: string, info: string): PeerStatus => ({
  address,
  name: address,
  type: "node-to-node mesh",
  state,
  since: new Date("2026-11-28T08:30:04Z"),
  info,
  routesIn: state === "Established" ? 2 : 0,
  routesOut: 2,
});

describe("formatStatus", () => {
  it("renders calicoctl's table with routes in/out", () => {
    const text = formatStatus("node-1", [
      row("198.19.1.2", "Established", "Established"),
      row("198.19.1.3", "Active", "Connection refused"),
    ]);
    expect(text).toBe(
      [
        "tsbgp node agent node-1 is running.",
        "",
        "IPv4 BGP status",
        "+--------------+-------------------+-------+----------+--------------------+-----------+------------+",
        "| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |        INFO        | ROUTES IN | ROUTES OUT |",
        "+--------------+-------------------+-------+----------+--------------------+-----------+------------+",
        "| 198.19.1.2   | node-to-node mesh | up    | 08:30:04 | Established        | 2         | 2          |",
        "| 198.19.1.3   | node-to-node mesh | start | 08:30:04 | Connection refused | 0         | 2          |",
        "+--------------+-------------------+-------+----------+--------------------+-----------+------------+",
        "",
        "IPv6 BGP status",
        "No IPv6 peers found.",
        "",
      ].join("\n"),
    );
  });
});
