import { describe, expect, it } from "vitest";
import { NodeAgentError, parseConfig } from "../../src/index.js";

const base = `
nodeName: node-1
asNumber: 64512
nodeAddress: 198.19.1.1
blocks: [10.233.1.0/26, "fd00:10:233:1::/122"]
cluster:
  - { name: node-1, address: 198.19.1.1 }
  - { name: node-2, address: 198.19.1.2, blocks: [10.233.2.0/26] }
  - { name: node-3, address: 198.19.1.3 }
`;

/** The one error a config gives, for asserting its message and fields. */
function errorOf(text: string): NodeAgentError {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof NodeAgentError) return error;
    throw error;
  }
  throw new Error("config was accepted");
}

describe("parseConfig", () => {
  it("reads a mesh node and fills defaults", () => {
    const c = parseConfig(base);
    expect(c).toMatchObject({
      nodeName: "node-1",
      routerId: "198.19.1.1",
      asNumber: 64512,
      role: "mesh",
      gracefulRestart: true,
      timers: { holdTime: 30, keepaliveTime: 10, connectRetryTime: 5, restartTime: 120 },
      kernel: { protocol: 80, table: 254 },
      listen: { address: "0.0.0.0", port: 179 },
    });
    expect(c.blocks.map((b) => b.text)).toEqual(["10.233.1.0/26", "fd00:10:233:1::/122"]);
    expect(c.cluster.map((n) => n.name)).toEqual(["node-2", "node-3"]);
    expect(c.metrics).toBeUndefined();
  });

  it("canonicalises addresses and accepts an integer router ID", () => {
    const c = parseConfig(`${base}\nrouterId: 16909060\nnodeAddressV6: "2001:DB8:101:0::1"\n`);
    expect(c.routerId).toBe("1.2.3.4");
    expect(c.nodeAddressV6).toBe("2001:db8:101::1");
    expect(c.listen.address).toBe("::");
  });

  it("enables metrics with defaults", () => {
    expect(parseConfig(`${base}\nmetrics: { port: 9100 }\n`).metrics).toEqual({
      address: "127.0.0.1",
      port: 9100,
    });
  });

  it.each([
    ["asNumber: 0", "asNumber", 0, /asNumber = 0: expected an integer from 1 to 4294967295/],
    ["asNumber: x", "asNumber", "x", /asNumber = "x"/],
    ["nodeAddress: 300.1.1.1", "nodeAddress", "300.1.1.1", /expected an IP address/],
    ['nodeAddress: "2001:db8::1"', "nodeAddress", "2001:db8::1", /expected an IPv4 address/],
    ["routerId: 0.0.0.0", "routerId", "0.0.0.0", /non-zero dotted-quad/],
    ["role: spine", "role", "spine", /expected one of: mesh, reflector, client/],
    ["clusterId: 1.1.1.1", "clusterId", "1.1.1.1", /only a reflector has a cluster ID/],
    [
      "blocks: [10.233.1.1/26]",
      "blocks[0]",
      "10.233.1.1/26",
      /host bits are set \(did you mean 10\.233\.1\.0\/26\?\)/,
    ],
    ["blocks: [10.233.1.0/33]", "blocks[0]", "10.233.1.0/33", /prefix length must be 0\.\.32/],
    ["blocks: [10.233.0.0/16, 10.233.5.0/24]", "blocks[1]", "10.233.5.0/24", /overlaps blocks\[0\]/],
    ["timers: { holdTime: 2 }", "timers.holdTime", 2, /at least 3/],
    ["timers: { holdTime: 9, keepaliveTime: 9 }", "timers.keepaliveTime", 9, /less than timers.holdTime/],
    ["timers: { restartTime: 5000 }", "timers.restartTime", 5000, /1 to 4095/],
    ["kernel: { protocol: 4 }", "kernel.protocol", 4, /5 to 255/],
    ["kernel: { proto: 12 }", "kernel.proto", 12, /unknown field/],
    ["nodeNmae: x", "nodeNmae", "x", /unknown field/],
  ])("rejects %s naming the field", (line, field, value, message) => {
    const text = base.replace(/^(\w+):.*$/gm, (whole, key: string) =>
      line.startsWith(`${key}:`) ? "" : whole,
    );
    const err = errorOf(`${text}\n${line}\n`);
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.field).toBe(field);
    expect(err.value).toEqual(value);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(field);
  });

  it("requires a cluster ID on a reflector", () => {
    const err = errorOf(`${base}\nrole: reflector\n`);
    expect(err.field).toBe("clusterId");
    expect(err.message).toMatch(/required when role is reflector/);
  });

  it("rejects a block another node owns", () => {
    const err = errorOf(base.replace("blocks: [10.233.2.0/26]", "blocks: [10.233.1.0/27]"));
    expect(err.field).toBe("cluster[1].blocks[0]");
    expect(err.message).toMatch(/overlaps blocks\[0\] \(10\.233\.1\.0\/26\)/);
  });

  it("rejects duplicate cluster nodes and self conflicts", () => {
    expect(errorOf(`${base}  - { name: node-4, address: 198.19.1.3 }\n`).field).toBe("cluster[3].address");
    expect(errorOf(`${base}  - { name: node-1, address: 198.19.1.9 }\n`).field).toBe("cluster[3].name");
    const selfMismatch = errorOf(
      base.replace("{ name: node-1, address: 198.19.1.1 }", "{ name: node-x, address: 198.19.1.1 }"),
    );
    expect(selfMismatch.field).toBe("cluster[0].name");
    expect(selfMismatch.message).toMatch(/conflicts with this node/);
  });

  it("rejects an explicit peer that duplicates a derived one, and IPv6 peers without nodeAddressV6", () => {
    expect(errorOf(`${base}\npeers: [{ address: 198.19.1.2 }]\n`).field).toBe("peers[0].address");
    const v6 = errorOf(`${base}\npeers: [{ address: "2001:db8::9" }]\n`);
    expect(v6.message).toMatch(/needs nodeAddressV6/);
  });

  it("reports YAML syntax errors with line and column", () => {
    const err = errorOf("nodeName: a\nasNumber: [1\n");
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toMatch(/^config: config:\d+:\d+: /);
  });

  it("rejects a document that is not a mapping", () => {
    expect(errorOf("- 1\n- 2\n").message).toMatch(/expected a mapping/);
  });
});
