/**
 * Regenerates test/fixtures/* (run as root: `npx tsx packages/testkit/test/helpers/capture-fixtures.ts`).
 *
 * Four daemons on one segment: BIRD (65001) peers with FRR (65002), GoBGP (65003) and ExaBGP
 * (65004); FRR also peers with GoBGP. Three of them announce 192.0.2.0/24, so BIRD, FRR and
 * GoBGP each hold several paths for it; GoBGP announces and then withdraws 198.51.100.0/24, so
 * ExaBGP's log contains an announce and a withdraw.
 */
import { writeFile } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bird, ExaBgp, Frr, GoBgp, Lab, sleep } from "../../src/index.js";

const out = fileURLToPath(new URL("../fixtures/", import.meta.url));
const lab = await Lab.create();
try {
  const hosts = [
    await lab.host("bird"),
    await lab.host("frr"),
    await lab.host("gobgp"),
    await lab.host("exa"),
  ];
  const seg = await lab.segment(hosts);
  const [b, f, g, x] = seg.members.map((m) => m.v4 as string) as [string, string, string, string];
  const bird = await Bird.start(hosts[0]!, {
    routerId: b,
    localAs: 65001,
    neighbors: [
      { address: f, remoteAs: 65002 },
      { address: g, remoteAs: 65003 },
      { address: x, remoteAs: 65004 },
    ],
  });
  const frr = await Frr.start(hosts[1]!, {
    routerId: f,
    localAs: 65002,
    neighbors: [
      { address: b, remoteAs: 65001 },
      { address: g, remoteAs: 65003 },
    ],
    announce: [{ prefix: "192.0.2.0/24", communities: ["65002:1"], largeCommunities: ["65002:2:3"] }],
  });
  const gobgp = await GoBgp.start(hosts[2]!, {
    routerId: g,
    localAs: 65003,
    neighbors: [
      { address: b, remoteAs: 65001, passive: true },
      { address: f, remoteAs: 65002, passive: true },
    ],
    announce: [
      { prefix: "192.0.2.0/24", med: 5, origin: "egp" },
      { prefix: "198.51.100.0/24", communities: ["65003:9"] },
    ],
  });
  const exabgp = await ExaBgp.start(hosts[3]!, {
    routerId: x,
    localAs: 65004,
    neighbors: [{ address: b, remoteAs: 65001 }],
    announce: [{ prefix: "192.0.2.0/24", asPathPrepend: [65040, 65041] }],
  });
  for (const peer of [f, g, x]) await bird.waitEstablished(peer);
  await frr.waitEstablished(g);
  await exabgp.waitForRoute({ prefix: "198.51.100.0/24" });
  await gobgp.withdraw("198.51.100.0/24");
  await sleep(2_000);
  const save = (name: string, text: string) => writeFile(join(out, name), text);
  await save("bird-show-route-all.txt", await bird.birdc("show route all"));
  await save("bird-show-protocols-all.txt", await bird.birdc("show protocols all n0"));
  await save("frr-ipv4-json-detail.json", await frr.vtysh("show bgp ipv4 unicast json detail"));
  await save("frr-neighbor.json", await frr.vtysh(`show bgp neighbors ${b} json`));
  await save("gobgp-rib-ipv4.json", await gobgp.cli("-j", "global", "rib", "-a", "ipv4"));
  await save("gobgp-neighbor.json", await gobgp.cli("-j", "neighbor", b));
  await save("exabgp-received.jsonl", await readFile(join(exabgp.workdir, "received.jsonl"), "utf8"));
  console.log(JSON.stringify({ bird: b, frr: f, gobgp: g, exabgp: x }));
} finally {
  await lab.destroy();
}
