/**
 * `tsbgp-mrt FILE...`: prints MRT files (plain, gzip or bzip2) in `bgpdump -m` one-line format,
 * or with `--json` one JSON object per record. Damaged records are skipped with a message on
 * stderr, and a cut file ends quietly after its last whole record, as bgpdump does.
 */
import { readMrtFileBatches, readMrtStreamBatches } from "../node/read-mrt-file.js";
import { BgpdumpFormatter } from "./bgpdump-format.js";
import { formatJson } from "./json-format.js";
import { AsciiOutput } from "./output.js";

const USAGE = `usage: tsbgp-mrt [--json] FILE...
  prints MRT records (RFC 6396; plain, .gz or .bz2) as bgpdump -m lines
  --json   one JSON object per record instead`;

/** Runs the CLI with `args` (without node and script); returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  let json = false;
  const files: string[] = [];
  for (const a of args) {
    if (a === "--json") json = true;
    else if (a === "-m") json = false;
    else if (a === "-h" || a === "--help") {
      process.stderr.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith("-") && a !== "-") {
      process.stderr.write(`tsbgp-mrt: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = new AsciiOutput(1);
  let status = 0;
  for (const file of files) {
    const fmt = new BgpdumpFormatter();
    try {
      const opts = {
        onError: "skip",
        onSkip: (e: Error) => process.stderr.write(`tsbgp-mrt: ${file}: ${e.message}\n`),
      } as const;
      const batches =
        file === "-" ? readMrtStreamBatches(process.stdin, opts, "stdin") : readMrtFileBatches(file, opts);
      for await (const batch of batches) {
        for (const rec of batch) {
          if (json) out.utf8(formatJson(rec));
          else fmt.format(rec, out);
        }
      }
    } catch (e) {
      out.flush();
      process.stderr.write(`tsbgp-mrt: ${file}: ${(e as Error).message}\n`);
      status = 1;
    }
  }
  out.flush();
  return status;
}
