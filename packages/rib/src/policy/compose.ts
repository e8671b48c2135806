/**
 * Composition: rules (match → rewrite → verdict) into a policy, and policies into chains.
 */
import type { Action } from "./actions.js";
import type { Matcher } from "./match.js";
import type { Policy } from "./types.js";

/** What a matching rule does after its rewrites. */
export const RuleVerdict = {
  /** Accept the route and stop. */
  ACCEPT: "accept",
  /** Reject the route and stop. */
  REJECT: "reject",
  /** Keep the rewrites and go on to the next rule. */
  NEXT: "next",
} as const;
/** One of the {@link RuleVerdict} values. */
export type RuleVerdictName = (typeof RuleVerdict)[keyof typeof RuleVerdict];

/** One policy rule. */
export interface Rule {
  /** Name, for errors and logs. */
  readonly name: string;
  /** All must hold for the rule to apply (an empty list matches everything). */
  readonly match: readonly Matcher[];
  /** Rewrites applied in order when the rule applies. */
  readonly set: readonly Action[];
  /** What happens next. */
  readonly verdict: RuleVerdictName;
}

/**
 * A policy from ordered rules: the first rule that matches applies its rewrites and its
 * verdict (`next` continues with the following rules); when no rule decides, `otherwise` does.
 */
export function rulesPolicy(rules: readonly Rule[], otherwise: "accept" | "reject" = "accept"): Policy {
  return (route) => {
    let attrs = route.attrs;
    for (const rule of rules) {
      const cur = attrs === route.attrs ? route : { ...route, attrs };
      if (!rule.match.every((m) => m(cur))) continue;
      for (const act of rule.set) attrs = act(attrs);
      if (rule.verdict === RuleVerdict.ACCEPT) return attrs;
      if (rule.verdict === RuleVerdict.REJECT) return null;
    }
    return otherwise === "accept" ? attrs : null;
  };
}

/** Policies in sequence: each sees the previous one's output; a rejection stops the chain. */
export function chain(...policies: readonly Policy[]): Policy {
  return (route) => {
    let attrs = route.attrs;
    for (const p of policies) {
      const out = p(attrs === route.attrs ? route : { ...route, attrs });
      if (out === null) return null;
      attrs = out;
    }
    return attrs;
  };
}
