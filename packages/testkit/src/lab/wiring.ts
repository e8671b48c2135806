import { TestkitError, TestkitErrorCode } from "../errors.js";
import { run } from "../exec.js";
import { type Endpoint, type Link, makeEndpoint, type Segment } from "./endpoint.js";
import type { Host } from "./host.js";
import { assertIfName } from "./names.js";

/** Addresses for the two ends of a link, in CIDR notation, or `false` for none of that family. */
export type AddressPair = readonly [string, string] | false;

/** Options for `Lab.link()`. */
export interface LinkOptions {
  /** IPv4 addresses of end a and end b; default `198.18.<n>.1/24` and `.2/24`. */
  readonly v4?: AddressPair;
  /** IPv6 addresses of end a and end b; default `2001:db8:<n>::1/64` and `::2/64`. */
  readonly v6?: AddressPair;
  /** Interface names in a and b; default the next free `ethN` of each host. */
  readonly names?: readonly [string, string];
}

/** Options for `Lab.segment()`. */
export interface SegmentOptions {
  /** One IPv4 address (CIDR) per member, or `false`; default `198.19.<n>.<i+1>/24`. */
  readonly v4?: readonly string[] | false;
  /** One IPv6 address (CIDR) per member, or `false`; default `2001:db8:1<n>::<i+1>/64`. */
  readonly v6?: readonly string[] | false;
}

/** Default link addresses for the lab's n-th link (n from 1). */
export function defaultLinkAddresses(n: number): { v4: [string, string]; v6: [string, string] } {
  if (n < 1 || n > 255)
    throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, "at most 255 auto-addressed links");
  const hex = n.toString(16);
  return {
    v4: [`198.18.${n}.1/24`, `198.18.${n}.2/24`],
    v6: [`2001:db8:${hex}::1/64`, `2001:db8:${hex}::2/64`],
  };
}

/** Default segment addresses: segment n (from 1), member i (from 0). */
export function defaultSegmentAddress(n: number, i: number): { v4: string; v6: string } {
  if (n < 1 || n > 255 || i > 253) {
    throw new TestkitError(
      TestkitErrorCode.INVALID_ARGUMENT,
      "segment auto-addressing: at most 255 segments of 254 hosts",
    );
  }
  return {
    v4: `198.19.${n}.${i + 1}/24`,
    v6: `2001:db8:1${n.toString(16).padStart(2, "0")}::${(i + 1).toString(16)}/64`,
  };
}

/** Bring an interface up and give it addresses; IPv6 with `nodad` so it is usable at once. */
async function configure(netns: string, ifname: string, v4: string | undefined, v6: string | undefined) {
  if (v4 !== undefined) await run("ip", ["-n", netns, "addr", "add", v4, "dev", ifname]);
  if (v6 !== undefined) await run("ip", ["-n", netns, "-6", "addr", "add", v6, "dev", ifname, "nodad"]);
  await run("ip", ["-n", netns, "link", "set", ifname, "up"]);
}

/**
 * Create a veth pair whose ends are born directly inside the two namespaces (so names only need
 * to be unique per namespace and nothing ever appears in the root namespace).
 */
export async function createLink(a: Host, b: Host, index: number, options: LinkOptions): Promise<Link> {
  if (a === b) throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, "a link needs two different hosts");
  const defaults = defaultLinkAddresses(index);
  const v4 = options.v4 === undefined ? defaults.v4 : options.v4;
  const v6 = options.v6 === undefined ? defaults.v6 : options.v6;
  const [nameA, nameB] = options.names ?? [a.allocateIfName(), b.allocateIfName()];
  assertIfName(nameA);
  assertIfName(nameB);
  await run("ip", [
    "link",
    "add",
    nameA,
    "netns",
    a.netns,
    "type",
    "veth",
    "peer",
    "name",
    nameB,
    "netns",
    b.netns,
  ]);
  await configure(a.netns, nameA, v4 ? v4[0] : undefined, v6 ? v6[0] : undefined);
  await configure(b.netns, nameB, v4 ? v4[1] : undefined, v6 ? v6[1] : undefined);
  const endA = makeEndpoint(a, nameA, v4 ? v4[0] : undefined, v6 ? v6[0] : undefined);
  const endB = makeEndpoint(b, nameB, v4 ? v4[1] : undefined, v6 ? v6[1] : undefined);
  a.addEndpoint(endA);
  b.addEndpoint(endB);
  return { a: endA, b: endB };
}

/**
 * Create a shared L2 segment: bridge `br0` in `bridgeNetns` (already created, lo up), one veth
 * per member with the host end named `ethN` and the bridge end `p<i>`.
 */
export async function createSegment(
  bridgeNetns: string,
  members: readonly Host[],
  index: number,
  options: SegmentOptions,
): Promise<Segment> {
  if (new Set(members).size !== members.length) {
    throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, "a host can join a segment only once");
  }
  for (const [key, list] of [
    ["v4", options.v4],
    ["v6", options.v6],
  ] as const) {
    if (list && list.length !== members.length) {
      throw new TestkitError(
        TestkitErrorCode.INVALID_ARGUMENT,
        `segment: ${key} needs one address per member`,
      );
    }
  }
  // Multicast snooping off: with no MLD querier on the segment it can drop neighbour discovery.
  await run("ip", ["-n", bridgeNetns, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
  await run("ip", ["-n", bridgeNetns, "link", "set", "br0", "up"]);
  const endpoints: Endpoint[] = [];
  for (const [i, host] of members.entries()) {
    const ifname = host.allocateIfName();
    const port = `p${i}`;
    await run("ip", [
      "link",
      "add",
      ifname,
      "netns",
      host.netns,
      "type",
      "veth",
      "peer",
      "name",
      port,
      "netns",
      bridgeNetns,
    ]);
    await run("ip", ["-n", bridgeNetns, "link", "set", port, "master", "br0", "up"]);
    const auto = defaultSegmentAddress(index, i);
    const v4 = options.v4 === false ? undefined : (options.v4?.[i] ?? auto.v4);
    const v6 = options.v6 === false ? undefined : (options.v6?.[i] ?? auto.v6);
    await configure(host.netns, ifname, v4, v6);
    const endpoint = makeEndpoint(host, ifname, v4, v6);
    host.addEndpoint(endpoint);
    endpoints.push(endpoint);
  }
  return {
    bridgeNetns,
    members: endpoints,
    endpoint(host: Host): Endpoint {
      const found = endpoints.find((e) => e.host === host);
      if (!found)
        throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `${host.name} is not on this segment`);
      return found;
    },
  };
}
