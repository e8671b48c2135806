import { TestkitError, TestkitErrorCode } from "../errors.js";
import { bareAddress } from "./endpoint.js";

/** An IP address as a bigint and its bit width (32 or 128). */
function toBigInt(address: string): { value: bigint; bits: 32 | 128 } {
  if (!address.includes(":")) {
    const parts = address.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
      throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `bad IPv4 address ${address}`);
    }
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  const [head = "", tail] = address.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8)
    throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `bad IPv6 address ${address}`);
  return {
    value: groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || "0", 16)), 0n),
    bits: 128,
  };
}

/** Whether `address` lies inside the subnet of `cidr` (e.g. `198.18.1.1/24` contains `198.18.1.2`). */
export function subnetContains(cidr: string, address: string): boolean {
  const length = Number(cidr.split("/")[1]);
  const net = toBigInt(bareAddress(cidr));
  const addr = toBigInt(address);
  if (net.bits !== addr.bits || !Number.isInteger(length)) return false;
  const shift = BigInt(net.bits - length);
  return net.value >> shift === addr.value >> shift;
}
