/**
 * A reflector dies (power loss: silence, no Cease). Its peers notice when their hold timers
 * expire (RFC 4271 §6.5), which sends a NOTIFICATION and so voids graceful restart (RFC 4724 §4:
 * routes are kept only when the session drops without one); its routes go. With two reflectors
 * every client still hears every other block through the survivor, so no route between live
 * nodes may go missing at any moment; with one, everything learned through it goes.
 */
import { measurePhase } from "./phase.js";
import type { ReflectorDiesResult } from "./result.js";
import type { SimCluster } from "./sim-cluster.js";

/** Kills reflector `index` and watches for the hold time and past the graceful-restart time. */
export async function reflectorDies(
  cluster: SimCluster,
  index = 0,
  wallMs?: number,
): Promise<ReflectorDiesResult> {
  const node = cluster.nodes[index]!;
  if (node.config.role !== "reflector") throw new Error(`${node.config.nodeName} is not a reflector`);
  const t = node.config.timers;
  let lostMax = 0;
  const sample = () => {
    lostMax = Math.max(lostMax, cluster.lostRoutes());
  };
  const start = cluster.clock.now();
  const phase = await measurePhase(cluster, () => cluster.kill(index), {
    // Up to 3 hold times: the hold timer may have just been restarted by a keepalive.
    virtualMs: 3 * t.holdTime * 1000,
    onStep: sample,
    ...(wallMs === undefined ? {} : { wallMs }),
  });
  // Keep watching past the restart time: anything kept as stale would go by then.
  await cluster.driver.runFor((t.restartTime + t.holdTime) * 1000, sample);
  sample();
  return {
    node: node.config.nodeName,
    lost_routes_max: lostMax,
    lost_routes_end: cluster.lostRoutes(),
    phase,
    watched_s: (cluster.clock.now() - start) / 1000,
  };
}
