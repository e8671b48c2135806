import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Source aliases so tests run against `src/` without a build; packages still import each other only by name. */
const r = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
export const alias = {
  "@tsbgp/bgp-wire/node": r("./packages/bgp-wire/src/node/index.ts"),
  "@tsbgp/bgp-wire": r("./packages/bgp-wire/src/index.ts"),
  "@tsbgp/bgp-fsm": r("./packages/bgp-fsm/src/index.ts"),
  "@tsbgp/rib": r("./packages/rib/src/index.ts"),
  "@tsbgp/route-sync": r("./packages/route-sync/src/index.ts"),
  "@tsbgp/testkit": r("./packages/testkit/src/index.ts"),
  "@tsbgp/example-node-agent": r("./examples/node-agent/src/index.ts"),
};

const project = (name: string, dir: string, extra: Record<string, unknown> = {}) => ({
  resolve: { alias },
  test: {
    name,
    root: r(`./${dir}`),
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...extra,
  },
});

export default defineConfig({
  test: {
    projects: [
      project("bgp-wire", "packages/bgp-wire"),
      project("bgp-fsm", "packages/bgp-fsm"),
      project("rib", "packages/rib"),
      // Kernel tests share the host's netns machinery: run their files one at a time.
      project("route-sync", "packages/route-sync", { fileParallelism: false }),
      project("testkit", "packages/testkit", { fileParallelism: false }),
      project("examples", "examples", { include: ["*/test/**/*.test.ts"], fileParallelism: false }),
      project("docs", "docs", { include: ["test/**/*.test.ts"] }),
    ],
  },
});
