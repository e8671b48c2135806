/**
 * Small typed readers for untrusted config objects. Each takes the dotted path of the field so
 * that every error names it together with the value found.
 */
import { configError } from "../errors.js";
import { canonicalIp, type IpBlock, type IpFamily, ipFamily, parseBlock } from "./ip.js";

/** A plain object from the YAML document. */
export type Fields = Readonly<Record<string, unknown>>;

/** Join a parent path and a key: `timers` + `holdTime` → `timers.holdTime`. */
export function at(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** The object at `path`, or an error naming it. */
export function asObject(value: unknown, path: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw configError(path || "(document)", value, "expected a mapping of fields");
  }
  return value as Fields;
}

/** Reject keys that are not in `known` (typos would otherwise be silently ignored). */
export function noUnknownKeys(obj: Fields, path: string, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw configError(at(path, key), obj[key], `unknown field (expected one of: ${known.join(", ")})`);
    }
  }
}

/** A non-empty string. */
export function str(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw configError(path, value, "expected a non-empty string");
  return value.trim();
}

/** An integer in `[min, max]`. */
export function int(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw configError(path, value, `expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** A boolean. */
export function bool(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw configError(path, value, "expected true or false");
  return value;
}

/** An IP address of `family` (or either), in canonical form. */
export function ip(value: unknown, path: string, family?: IpFamily): string {
  const text = typeof value === "string" ? canonicalIp(value.trim()) : undefined;
  if (text === undefined) throw configError(path, value, "expected an IP address");
  if (family !== undefined && ipFamily(text) !== family) {
    throw configError(path, value, `expected an IPv${family} address`);
  }
  return text;
}

/**
 * A 32-bit identifier in dotted-quad form (router ID, cluster ID). RFC 6286 §2.1 only requires
 * it be non-zero; we also accept a plain integer and render it dotted.
 */
export function dottedQuad(value: unknown, path: string): string {
  let text: string | undefined;
  if (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 0xffffffff) {
    text = [24, 16, 8, 0].map((s) => (value >>> s) & 0xff).join(".");
  } else if (typeof value === "string" && ipFamily(value.trim()) === 4) {
    text = canonicalIp(value.trim());
  }
  if (text === undefined || text === "0.0.0.0") {
    throw configError(path, value, "expected a non-zero dotted-quad identifier like 198.19.1.1");
  }
  return text;
}

/** A CIDR block with host bits zero. */
export function block(value: unknown, path: string): IpBlock {
  if (typeof value !== "string") throw configError(path, value, "expected a CIDR block like 10.233.1.0/26");
  const parsed = parseBlock(value.trim());
  if (typeof parsed === "string") throw configError(path, value, parsed);
  return parsed;
}

/** A list (missing → `[]`) mapped element by element with indexed paths. */
export function list<T>(value: unknown, path: string, each: (v: unknown, p: string) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw configError(path, value, "expected a list");
  return value.map((v, i) => each(v, at(path, i)));
}

/** One of `choices`. */
export function oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw configError(path, value, `expected one of: ${choices.join(", ")}`);
  }
  return value as T;
}
