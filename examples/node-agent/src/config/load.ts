/** Read and validate a YAML config file. */
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { NodeAgentError, NodeAgentErrorCode } from "../errors.js";
import type { AgentConfig } from "./types.js";
import { validateConfig } from "./validate.js";

/** Parse YAML text and validate it; YAML syntax errors name the line and column. */
export function parseConfig(text: string, source = "config"): AgentConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const where = `${source}:${pos.line}:${pos.col}`;
    throw new NodeAgentError(
      NodeAgentErrorCode.CONFIG_INVALID,
      `config: ${where}: ${first.message.split("\n")[0]}`,
      {
        cause: first,
      },
    );
  }
  return validateConfig(doc.toJS());
}

/** Read `path`, parse and validate it. */
export async function loadConfig(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new NodeAgentError(
      NodeAgentErrorCode.CONFIG_UNREADABLE,
      `config: cannot read ${path}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  return parseConfig(text, path);
}
