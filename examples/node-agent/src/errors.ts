/**
 * The node agent's one error class. Config problems name the field (a dotted path such as
 * `cluster[2].address`) and the offending value, so one line tells the user what to fix.
 */

/** Stable error codes of {@link NodeAgentError}. */
export const NodeAgentErrorCode = {
  /** The config file is not valid YAML or a field has a bad value. */
  CONFIG_INVALID: "CONFIG_INVALID",
  /** The config file could not be read. */
  CONFIG_UNREADABLE: "CONFIG_UNREADABLE",
  /** Building or tearing down the demo cluster failed. */
  CLUSTER_FAILED: "CLUSTER_FAILED",
  /** Something the agent needs is not available here (root, a binary). */
  UNAVAILABLE: "UNAVAILABLE",
} as const;

/** One of {@link NodeAgentErrorCode}'s values. */
export type NodeAgentErrorCode = (typeof NodeAgentErrorCode)[keyof typeof NodeAgentErrorCode];

/** Options for {@link NodeAgentError}. */
export interface NodeAgentErrorOptions {
  /** Dotted path of the config field at fault. */
  readonly field?: string;
  /** The value found there (as given by the user). */
  readonly value?: unknown;
  /** Underlying error. */
  readonly cause?: unknown;
}

/** Every error thrown by `@tsbgp/example-node-agent`. */
export class NodeAgentError extends Error {
  /** Stable code for programs. */
  readonly code: NodeAgentErrorCode;
  /** Dotted path of the config field at fault, when the error is about one. */
  readonly field: string | undefined;
  /** The offending value, when the error is about one. */
  readonly value: unknown;

  /** Creates an error; `message` should already name the field and value (see {@link configError}). */
  constructor(code: NodeAgentErrorCode, message: string, options: NodeAgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "NodeAgentError";
    this.code = code;
    this.field = options.field;
    this.value = options.value;
  }
}

/** A `CONFIG_INVALID` error whose message reads `config: <field> = <value>: <problem>`. */
export function configError(field: string, value: unknown, problem: string): NodeAgentError {
  return new NodeAgentError(
    NodeAgentErrorCode.CONFIG_INVALID,
    `config: ${field} = ${showValue(value)}: ${problem}`,
    { field, value },
  );
}

/** Short, single-line rendering of a user value for error messages. */
function showValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
