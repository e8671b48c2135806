/** Entry point of the `tsbgp-mrt` bin (see `main.ts`). */
import { main } from "./main.js";

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
