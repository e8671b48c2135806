/**
 * Child process for the exit-hook tests: creates a lab with one host running `sleep`, prints
 * `READY <prefix> <pid>` and waits to be signalled (or exits itself with `exit` as argument).
 */
import { Lab } from "../../src/index.js";

const lab = await Lab.create();
const host = await lab.host("h");
const proc = host.spawn("sleep", ["600"]);
process.stdout.write(`READY ${lab.prefix} ${proc.pid}\n`);
if (process.argv[2] === "exit") process.exit(3);
setInterval(() => {}, 1_000);
