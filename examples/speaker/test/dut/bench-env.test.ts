import { isBgpConfigError } from "@tsbgp/bgp-fsm";
import { describe, expect, it } from "vitest";
import { readBenchEnv } from "../../src/dut/bench-env.js";

const BASE = {
  BENCH_MODE: "rr",
  BENCH_LOCAL_ADDR: "::",
  BENCH_LOCAL_AS: "65000",
  BENCH_ROUTER_ID: "10.255.0.1",
  BENCH_PEERS: "198.19.1.3:65000 2001:db8:101::3:65000",
  BENCH_WORKDIR: "/tmp/x",
};

function fieldOf(env: NodeJS.ProcessEnv): string | undefined {
  try {
    readBenchEnv(env);
  } catch (e) {
    if (isBgpConfigError(e)) return e.field;
    throw e;
  }
  return undefined;
}

describe("readBenchEnv", () => {
  it("reads IPv6 peers (address before the last colon) and no decision options by default", () => {
    const env = readBenchEnv(BASE);
    expect(env.peers).toEqual([
      { address: "198.19.1.3", asn: 65000 },
      { address: "2001:db8:101::3", asn: 65000 },
    ]);
    expect(env.decision).toEqual({});
  });

  it("reads BENCH_DECISION", () => {
    const env = readBenchEnv({
      ...BASE,
      BENCH_DECISION: '{"deterministicMed":true,"alwaysCompareMed":false,"defaultLocalPref":120}',
    });
    expect(env.decision).toEqual({ deterministicMed: true, alwaysCompareMed: false, defaultLocalPref: 120 });
  });

  it("names the bad BENCH_DECISION field", () => {
    expect(fieldOf({ ...BASE, BENCH_DECISION: "{" })).toBe("BENCH_DECISION");
    expect(fieldOf({ ...BASE, BENCH_DECISION: "[]" })).toBe("BENCH_DECISION");
    expect(fieldOf({ ...BASE, BENCH_DECISION: '{"deterministicMed":1}' })).toBe(
      "BENCH_DECISION.deterministicMed",
    );
    expect(fieldOf({ ...BASE, BENCH_DECISION: '{"multipath":{}}' })).toBe("BENCH_DECISION.multipath");
  });
});
