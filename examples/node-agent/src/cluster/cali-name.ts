/**
 * Host-side interface names like Calico's: `cali` + the first 11 hex digits of the SHA-1 of the
 * workload endpoint ID, 15 bytes in all (the kernel's IFNAMSIZ - 1).
 */
import { createHash } from "node:crypto";

/** Calico's host-side veth prefix. */
export const CALI_PREFIX = "cali";

/** The `cali<hash>` name of the workload endpoint `endpointId` (e.g. `node-1/pod-0`). */
export function caliName(endpointId: string): string {
  return CALI_PREFIX + createHash("sha1").update(endpointId).digest("hex").slice(0, 11);
}
