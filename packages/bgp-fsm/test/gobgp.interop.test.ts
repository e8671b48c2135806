/** Interop with GoBGP (gobgp -j views), in network namespaces. */
import { GoBgp } from "@tsbgp/testkit";
import { basicInterop } from "./interop/basic-suite.js";

// GoBGP's first active connect comes seconds after start: let ours connect.
basicInterop({
  name: "gobgp",
  start: (host, o) => GoBgp.start(host, o),
  daemonPassive: true,
  sessionChecks: true,
});
