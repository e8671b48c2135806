/**
 * The RIB layer's one error class. Configuration and policy errors name the rule and the field
 * that is wrong, so a user can fix a YAML file from the message alone.
 */

/** Stable error codes of {@link RibError}. */
export const RibErrorCode = {
  /** A policy rule (typed or loaded from JSON/YAML) is malformed. */
  POLICY_INVALID: "ERR_RIB_POLICY_INVALID",
  /** A RIB or peer configuration value is invalid. */
  CONFIG_INVALID: "ERR_RIB_CONFIG_INVALID",
  /** A peer handle does not belong to this RIB or was removed. */
  UNKNOWN_PEER: "ERR_RIB_UNKNOWN_PEER",
  /** Text that should be an address or prefix is not one. */
  BAD_ADDRESS: "ERR_RIB_BAD_ADDRESS",
} as const;
/** One of the {@link RibErrorCode} values. */
export type RibErrorCodeName = (typeof RibErrorCode)[keyof typeof RibErrorCode];

/** Where a configuration error sits: the rule's name (or index) and the offending field. */
export interface RibErrorInit {
  readonly code: RibErrorCodeName;
  /** Rule name, or `#<index>` for an unnamed rule. */
  readonly rule?: string;
  /** Dotted path of the field inside the rule, e.g. `match.prefix[2]`. */
  readonly field?: string;
}

/** Any error the RIB throws. `name` is always `"RibError"`; `code` is a {@link RibErrorCodeName}. */
export class RibError extends Error {
  /** Stable class name, for checks across bundles. */
  override readonly name = "RibError";
  /** Stable machine-readable code. */
  readonly code: RibErrorCodeName;
  /** The rule at fault, when the error comes from a policy. */
  readonly rule: string | undefined;
  /** The field at fault, when known. */
  readonly field: string | undefined;

  /** Builds the message as `rule "<rule>", field <field>: <detail>` when they are known. */
  constructor(detail: string, init: RibErrorInit) {
    const where = [
      init.rule !== undefined ? `rule "${init.rule}"` : undefined,
      init.field !== undefined ? `field ${init.field}` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join(", ");
    super(where ? `${where}: ${detail}` : detail);
    this.code = init.code;
    this.rule = init.rule;
    this.field = init.field;
  }
}
