/** Structured logs (pino): one JSON line per event, with the node name on every line. */
import { type Logger, pino } from "pino";

/** The logger type the agent uses. */
export type AgentLogger = Logger;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level (default `info`, or env `LOG_LEVEL`). */
  readonly level?: string;
  /** Where lines go (default stdout). */
  readonly destination?: NodeJS.WritableStream;
}

/** A pino logger bound to `node`. */
export function createLogger(node: string, options: LoggerOptions = {}): AgentLogger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const base = { node };
  return options.destination === undefined
    ? pino({ level, base })
    : pino({ level, base }, options.destination as unknown as pino.DestinationStream);
}

/** A logger that drops everything (tests, in-process demo). */
export function silentLogger(): AgentLogger {
  return pino({ level: "silent" });
}
