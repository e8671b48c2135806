/**
 * The declarative policy form (JSON or YAML) and its loader. Every error names the rule and
 * the field, e.g. `rule "bogons", field match.prefix[1]: "10.0.0.0/33" is not a prefix`.
 *
 * ```yaml
 * default: accept            # or reject: what happens when no rule decides
 * rules:
 *   - name: bogons
 *     match: { prefix: ["10.0.0.0/8 le 32", "192.168.0.0/16 ge 24"] }
 *     action: reject
 *   - name: customers
 *     match:
 *       community: ["65000:100"]          # any of; also large-community "g:l1:l2"
 *       as-path: "^65001( |$)"           # regular expression over "65001 65002 {1,2}"
 *       peer-as: [65001]
 *       peer-address: ["198.18.0.1"]
 *       next-hop: ["198.18.0.0/15"]
 *     set:
 *       local-pref: 200
 *       med: 10
 *       add-community: ["65000:1", "no-export"]
 *       remove-community: ["65000:2"]
 *       add-large-community: ["65000:1:2"]
 *       next-hop: "198.18.0.1"
 *       prepend: { asn: 65000, count: 2 }
 *     action: accept                        # accept | reject | next
 * ```
 */
import { parse as parseYaml } from "yaml";
import { WellKnownCommunity } from "@tsbgp/bgp-wire";
import type { LargeCommunity } from "@tsbgp/bgp-wire";
import { parseAddressText, parsePrefixText } from "../address-text.js";
import { RibError, RibErrorCode } from "../errors.js";
import {
  type Action,
  addCommunities,
  addLargeCommunities,
  prependAsPath,
  removeCommunities,
  setLocalPref,
  setMed,
  setNextHop,
} from "./actions.js";
import { type Rule, RuleVerdict, type RuleVerdictName, rulesPolicy } from "./compose.js";
import {
  asPathRegex,
  community,
  largeCommunity,
  type Matcher,
  nextHopIn,
  peer,
  type PrefixListEntry,
  prefixList,
} from "./match.js";
import type { Policy } from "./types.js";

const MATCH_KEYS = [
  "prefix",
  "community",
  "large-community",
  "as-path",
  "peer-as",
  "peer-address",
  "next-hop",
];
const SET_KEYS = [
  "local-pref",
  "med",
  "add-community",
  "remove-community",
  "add-large-community",
  "next-hop",
  "prepend",
];
const NAMED_COMMUNITIES: Record<string, number> = {
  "no-export": WellKnownCommunity.NO_EXPORT,
  "no-advertise": WellKnownCommunity.NO_ADVERTISE,
  "no-export-subconfed": WellKnownCommunity.NO_EXPORT_SUBCONFED,
  "graceful-shutdown": WellKnownCommunity.GRACEFUL_SHUTDOWN,
  blackhole: WellKnownCommunity.BLACKHOLE,
};

class Ctx {
  constructor(readonly rule: string) {}
  fail(field: string, detail: string): never {
    throw new RibError(detail, { code: RibErrorCode.POLICY_INVALID, rule: this.rule, field });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(c: Ctx, field: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) c.fail(field, `expected a list, got ${JSON.stringify(v)}`);
  return v;
}

function uint(c: Ctx, field: string, v: unknown, max = 0xffffffff): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max)
    c.fail(field, `expected an integer 0..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function str(c: Ctx, field: string, v: unknown): string {
  if (typeof v !== "string") c.fail(field, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function prefixEntry(c: Ctx, field: string, v: unknown): PrefixListEntry {
  const text = str(c, field, v).trim();
  const m = /^(\S+)(?:\s+ge\s+(\d+))?(?:\s+le\s+(\d+))?$/.exec(text);
  const prefix = m ? parsePrefixText(m[1]!) : null;
  if (!m || prefix === null) c.fail(field, `"${text}" is not a prefix ("a.b.c.d/n [ge x] [le y]")`);
  const max = prefix.afi === 1 ? 32 : 128;
  const ge = m[2] !== undefined ? Number(m[2]) : undefined;
  const le = m[3] !== undefined ? Number(m[3]) : undefined;
  if (
    (ge !== undefined && (ge < prefix.len || ge > max)) ||
    (le !== undefined && (le < (ge ?? prefix.len) || le > max))
  )
    c.fail(field, `"${text}": need ${prefix.len} <= ge <= le <= ${max}`);
  return { prefix, ...(ge !== undefined ? { ge } : {}), ...(le !== undefined ? { le } : {}) };
}

function communityValue(c: Ctx, field: string, v: unknown): number {
  if (typeof v === "number") return uint(c, field, v);
  const text = str(c, field, v);
  const named = NAMED_COMMUNITIES[text.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m || Number(m[1]) > 0xffff || Number(m[2]) > 0xffff)
    c.fail(field, `"${text}" is not a community ("asn:value", 16 bits each, or a well-known name)`);
  return ((Number(m[1]) << 16) | Number(m[2])) >>> 0;
}

function largeValue(c: Ctx, field: string, v: unknown): LargeCommunity {
  const text = str(c, field, v);
  const m = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (!m || [m[1], m[2], m[3]].some((x) => Number(x) > 0xffffffff))
    c.fail(field, `"${text}" is not a large community ("global:local1:local2", 32 bits each)`);
  return { global: Number(m[1]), local1: Number(m[2]), local2: Number(m[3]) };
}

function checkKeys(c: Ctx, where: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k))
      c.fail(`${where}${where ? "." : ""}${k}`, `unknown key (expected one of: ${allowed.join(", ")})`);
}

function matchers(c: Ctx, m: Record<string, unknown>): Matcher[] {
  checkKeys(c, "match", m, MATCH_KEYS);
  const out: Matcher[] = [];
  if (m.prefix !== undefined)
    out.push(
      prefixList(list(c, "match.prefix", m.prefix).map((e, i) => prefixEntry(c, `match.prefix[${i}]`, e))),
    );
  if (m.community !== undefined)
    out.push(
      community(
        list(c, "match.community", m.community).map((e, i) => communityValue(c, `match.community[${i}]`, e)),
      ),
    );
  if (m["large-community"] !== undefined)
    out.push(
      largeCommunity(
        list(c, "match.large-community", m["large-community"]).map((e, i) =>
          largeValue(c, `match.large-community[${i}]`, e),
        ),
      ),
    );
  if (m["as-path"] !== undefined) {
    const text = str(c, "match.as-path", m["as-path"]);
    let re: RegExp;
    try {
      re = new RegExp(text);
    } catch (e) {
      c.fail("match.as-path", `bad regular expression: ${(e as Error).message}`);
    }
    out.push(asPathRegex(re));
  }
  if (m["peer-as"] !== undefined)
    out.push(
      peer({ asn: list(c, "match.peer-as", m["peer-as"]).map((e, i) => uint(c, `match.peer-as[${i}]`, e)) }),
    );
  if (m["peer-address"] !== undefined)
    out.push(
      peer({
        address: list(c, "match.peer-address", m["peer-address"]).map((e, i) => {
          const a = parseAddressText(str(c, `match.peer-address[${i}]`, e));
          return a ?? c.fail(`match.peer-address[${i}]`, `"${String(e)}" is not an address`);
        }),
      }),
    );
  if (m["next-hop"] !== undefined)
    out.push(
      nextHopIn(
        list(c, "match.next-hop", m["next-hop"]).map((e, i) => {
          const p = parsePrefixText(str(c, `match.next-hop[${i}]`, e));
          return p ?? c.fail(`match.next-hop[${i}]`, `"${String(e)}" is not a prefix`);
        }),
      ),
    );
  return out;
}

function actions(c: Ctx, s: Record<string, unknown>): Action[] {
  checkKeys(c, "set", s, SET_KEYS);
  const out: Action[] = [];
  if (s["local-pref"] !== undefined) out.push(setLocalPref(uint(c, "set.local-pref", s["local-pref"])));
  if (s.med !== undefined) out.push(setMed(uint(c, "set.med", s.med)));
  if (s["add-community"] !== undefined)
    out.push(
      addCommunities(
        list(c, "set.add-community", s["add-community"]).map((e, i) =>
          communityValue(c, `set.add-community[${i}]`, e),
        ),
      ),
    );
  if (s["remove-community"] !== undefined)
    out.push(
      removeCommunities(
        list(c, "set.remove-community", s["remove-community"]).map((e, i) =>
          communityValue(c, `set.remove-community[${i}]`, e),
        ),
      ),
    );
  if (s["add-large-community"] !== undefined)
    out.push(
      addLargeCommunities(
        list(c, "set.add-large-community", s["add-large-community"]).map((e, i) =>
          largeValue(c, `set.add-large-community[${i}]`, e),
        ),
      ),
    );
  if (s["next-hop"] !== undefined) {
    const a = parseAddressText(str(c, "set.next-hop", s["next-hop"]));
    out.push(setNextHop(a ?? c.fail("set.next-hop", `"${String(s["next-hop"])}" is not an address`)));
  }
  if (s.prepend !== undefined) {
    const p = s.prepend;
    if (!isObject(p)) c.fail("set.prepend", "expected { asn, count }");
    checkKeys(c, "set.prepend", p, ["asn", "count"]);
    out.push(
      prependAsPath(
        uint(c, "set.prepend.asn", p.asn),
        p.count === undefined ? 1 : uint(c, "set.prepend.count", p.count, 32),
      ),
    );
  }
  return out;
}

/** Builds a policy from the already-parsed declarative form (e.g. `JSON.parse` output). */
export function policyFromObject(doc: unknown): Policy {
  const top: Ctx = new Ctx("(policy)");
  if (!isObject(doc)) top.fail("(root)", "expected an object with `rules`");
  checkKeys(top, "", doc, ["default", "rules"]);
  const def = doc.default ?? "accept";
  if (def !== "accept" && def !== "reject")
    top.fail("default", `expected accept or reject, got ${JSON.stringify(def)}`);
  const rules: Rule[] = list(top, "rules", doc.rules ?? []).map((raw, i) => {
    const name = isObject(raw) && typeof raw.name === "string" ? raw.name : `#${i}`;
    const c: Ctx = new Ctx(name);
    if (!isObject(raw)) c.fail("(rule)", "expected an object");
    checkKeys(c, "", raw, ["name", "match", "set", "action"]);
    if (raw.match !== undefined && !isObject(raw.match)) c.fail("match", "expected an object");
    if (raw.set !== undefined && !isObject(raw.set)) c.fail("set", "expected an object");
    const verdict = raw.action ?? "accept";
    if (!Object.values(RuleVerdict).includes(verdict as RuleVerdictName))
      c.fail("action", `expected accept, reject or next, got ${JSON.stringify(verdict)}`);
    return {
      name,
      match: raw.match ? matchers(c, raw.match as Record<string, unknown>) : [],
      set: raw.set ? actions(c, raw.set as Record<string, unknown>) : [],
      verdict: verdict as RuleVerdictName,
    };
  });
  return rulesPolicy(rules, def);
}

/** Builds a policy from JSON or YAML text (YAML is a superset of JSON). */
export function loadPolicy(text: string): Policy {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new RibError(`not valid YAML/JSON: ${(e as Error).message}`, { code: RibErrorCode.POLICY_INVALID });
  }
  return policyFromObject(doc);
}
