/**
 * Run without CAP_NET_ADMIN: tries one route and prints the error as JSON; then rethrows it
 * uncaught so the test can check what a user sees on stderr.
 */
import { openKernelBackend, parsePrefix } from "../../src/index.js";

const backend = await openKernelBackend({ protocol: 200 });
const [res] = await backend.applyBatch([
  { op: "add", route: { prefix: parsePrefix("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2" }] } },
]);
backend.close();
if (!res || res.ok) {
  process.stdout.write(JSON.stringify({ ok: true }));
} else {
  process.stdout.write(
    JSON.stringify({ code: res.error.code, errnoName: res.error.errnoName, message: res.error.message }),
  );
  throw res.error;
}
