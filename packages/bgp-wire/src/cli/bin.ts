/** Entry point of the `tsbgp-mrt` bin (see `main.ts`). */
import { setFlagsFromString } from "node:v8";
import { main } from "./main.js";

// The formatter allocates many short-lived objects; a larger young generation cuts GC time
// by about half on big dumps. V8 applies the semi-space limit as the heap grows.
setFlagsFromString("--max-semi-space-size=64");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // The reader went away (`tsbgp-mrt f | head`): stop quietly, as bgpdump does on SIGPIPE.
    if ((e as NodeJS.ErrnoException).code === "EPIPE") return;
    process.stderr.write(`tsbgp-mrt: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
