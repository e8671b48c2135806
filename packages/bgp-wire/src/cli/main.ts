/**
 * `tsbgp-mrt FILE...`: prints MRT files (plain, gzip or bzip2) in `bgpdump -m` one-line format,
 * or with `--json` one JSON object per record. Damaged records are skipped with a message on
 * stderr, and a cut file ends quietly after its last whole record, as bgpdump does.
 */
import { isMrtError } from "../mrt/mrt-error.js";
import { readFileChunks } from "../node/file-chunks.js";
import { openMrtBytes, readMrtFileBatches, readMrtStreamBatches } from "../node/read-mrt-file.js";
import { BgpdumpDumper } from "./bgpdump-dump.js";
import { AsciiOutput } from "./output.js";

/**
 * `bgpdump -m` lines of one file (`-` = standard input). Errors opening the input are thrown; a
 * cut or corrupt compressed stream ends the file quietly after its last whole record, reported
 * through `onSkip` like every damaged record (as `readMrtFile` does with `onError: "skip"`).
 */
async function dumpLines(file: string, out: AsciiOutput, onSkip: (e: Error) => void): Promise<void> {
  // Errors opening the input are thrown here, not skipped.
  const source = file === "-" ? await openMrtBytes(process.stdin) : undefined;
  const chunks = source ? source.chunks[Symbol.asyncIterator]() : readFileChunks(file);
  try {
    const dumper = new BgpdumpDumper(out, { onSkip });
    for (;;) {
      // Only the source's errors (a cut or corrupt compressed stream) end the file quietly;
      // output errors (EPIPE) propagate.
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (e) {
        if (isMrtError(e)) throw e;
        onSkip(e as Error);
        break;
      }
      if (next.done) break;
      dumper.push(next.value);
    }
    dumper.end();
  } finally {
    await chunks.return?.(undefined);
    source?.close();
  }
}

/** One JSON object per record of one file. */
async function dumpJson(file: string, out: AsciiOutput, onSkip: (e: Error) => void): Promise<void> {
  // Loaded on demand: the JSON view pulls in the whole BGP codec, which `-m` never needs.
  const { formatJson } = await import("./json-format.js");
  const opts = { onError: "skip", onSkip } as const;
  const batches =
    file === "-" ? readMrtStreamBatches(process.stdin, opts, "stdin") : readMrtFileBatches(file, opts);
  for await (const batch of batches) for (const rec of batch) out.utf8(formatJson(rec));
}

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
    const onSkip = (e: Error): void => {
      process.stderr.write(`tsbgp-mrt: ${file}: ${e.message}\n`);
    };
    try {
      if (json) await dumpJson(file, out, onSkip);
      else await dumpLines(file, out, onSkip);
    } catch (e) {
      // The reader went away (`tsbgp-mrt f | head`): stop quietly, as bgpdump does on SIGPIPE.
      if ((e as NodeJS.ErrnoException).code === "EPIPE") return status;
      out.flush();
      process.stderr.write(`tsbgp-mrt: ${file}: ${(e as Error).message}\n`);
      status = 1;
    }
  }
  out.flush();
  return status;
}
