import { randomBytes } from "node:crypto";
import { TestkitError, TestkitErrorCode } from "../errors.js";

/** Prefix shared by every namespace a lab creates, so leftovers are easy to recognise. */
export const LAB_PREFIX_ROOT = "tsbgp";

/** Linux limits interface names to IFNAMSIZ - 1 = 15 bytes. */
export const MAX_IFNAME_LENGTH = 15;

/** A short random lab id (6 hex digits): unique enough for concurrent test files on one machine. */
export function newLabId(): string {
  return randomBytes(3).toString("hex");
}

/** The namespace prefix of a lab, e.g. `tsbgp-1a2b3c-`. */
export function labPrefix(id: string): string {
  return `${LAB_PREFIX_ROOT}-${id}-`;
}

const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,19}$/;

/**
 * Check a host name: lowercase letters, digits and dashes, at most 20 characters.
 *
 * @throws TestkitError `INVALID_ARGUMENT`
 */
export function assertHostName(name: string): void {
  if (!HOST_NAME.test(name)) {
    throw new TestkitError(
      TestkitErrorCode.INVALID_ARGUMENT,
      `invalid host name ${JSON.stringify(name)}: use [a-z0-9-], start with a letter or digit, max 20 chars`,
    );
  }
}

/**
 * Check an interface name against the kernel's rules (non-empty, at most 15 bytes, no `/`, `:` or space).
 *
 * @throws TestkitError `INVALID_ARGUMENT`
 */
export function assertIfName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_IFNAME_LENGTH || /[/:\s]/.test(name)) {
    throw new TestkitError(
      TestkitErrorCode.INVALID_ARGUMENT,
      `invalid interface name ${JSON.stringify(name)} (max ${MAX_IFNAME_LENGTH} bytes, no '/', ':' or spaces)`,
    );
  }
}
