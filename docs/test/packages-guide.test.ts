/**
 * The packages guide names each package's main exports: every name in its table must really
 * be exported, as a value or as a type, so a rename shows up here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as wire from "@tsbgp/bgp-wire";
import * as wireNode from "@tsbgp/bgp-wire/node";
import * as fsm from "@tsbgp/bgp-fsm";
import * as rib from "@tsbgp/rib";
import * as routeSync from "@tsbgp/route-sync";
import { describe, expect, it } from "vitest";
import { codeSpans, REPO_ROOT, readGuide, tableAfter } from "./markdown.js";

const modules: Record<string, { values: object; src: string }> = {
  "@tsbgp/bgp-wire": { values: wire, src: "packages/bgp-wire/src" },
  "@tsbgp/bgp-wire/node": { values: wireNode, src: "packages/bgp-wire/src/node" },
  "@tsbgp/bgp-fsm": { values: fsm, src: "packages/bgp-fsm/src" },
  "@tsbgp/rib": { values: rib, src: "packages/rib/src" },
  "@tsbgp/route-sync": { values: routeSync, src: "packages/route-sync/src" },
};

/** Every `.ts` file under `dir`, concatenated (to find exported type declarations). */
function sources(dir: string): string {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

const rows = tableAfter(readGuide("packages.md"), "What each package gives you");

describe("packages guide: main exports", () => {
  it("has a row per published entry point", () => {
    expect(rows.map((r) => codeSpans(r[0]!)[0]).sort()).toEqual(Object.keys(modules).sort());
  });

  it.each(rows.map((r) => [codeSpans(r[0]!)[0]!, r[2]!] as const))(
    "%s exports what the guide says",
    (pkg, cell) => {
      const mod = modules[pkg]!;
      const src = sources(mod.src);
      const names = codeSpans(cell)
        .map((s) => /^[A-Za-z_][\w]*/.exec(s)?.[0])
        .filter((n): n is string => n !== undefined && !["as", "const"].includes(n));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const isValue = name in mod.values;
        const isType = new RegExp(`export (?:type|interface) ${name}\\b`).test(src);
        expect(isValue || isType, `${pkg} does not export ${name}`).toBe(true);
      }
    },
  );
});
