/** Interop with ExaBGP (its API's JSON output), in network namespaces. */
import { ExaBgp } from "@tsbgp/testkit";
import { basicInterop } from "./interop/basic-suite.js";

basicInterop({ name: "exabgp", start: (host, o) => ExaBgp.start(host, o), sessionChecks: true });
