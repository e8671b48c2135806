/**
 * The package as a user gets it: built by tsup into a consumer project (see package-fixture.ts),
 * then imported from ESM, required from CommonJS and type-checked with `moduleResolution:
 * node16`, both entry points. The README's TypeScript samples are compiled and run there too,
 * and its CLI output is compared with the built `tsbgp-mrt`, so the README cannot rot.
 */
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPackageFixture, PACKAGE_DIR, type PackageFixture } from "./package-fixture.js";
import { codeBlocks } from "./readme-blocks.js";

const README = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8");
const blocks = codeBlocks(README);
const samples = blocks.filter((b) => b.lang === "ts");
const MRT_SAMPLE = "updates.20020722.2238.gz";

// A consumer that uses both entry points, the types included: a wrong type must not compile.
const ESM_CONSUMER = `import { ASN4_CONTEXT, BgpWireError, decodeMessage, type BgpMessage, type Nlri } from "@tsbgp/bgp-wire";
import { detectCompression } from "@tsbgp/bgp-wire/node";

const keepalive = Uint8Array.from([...new Array(16).fill(0xff), 0, 19, 4]);
const m: BgpMessage = decodeMessage(keepalive, ASN4_CONTEXT);
// @ts-expect-error: a decoded message's type is a string union, not a number
const wrong: number = m.type;
const nlri: readonly Nlri[] = m.type === "UPDATE" ? m.nlri : [];
let code = "";
try {
  decodeMessage(keepalive.subarray(0, 18), ASN4_CONTEXT);
} catch (e) {
  if (e instanceof BgpWireError) code = \`\${e.code}/\${e.subcode}\`;
}
console.log(JSON.stringify({ type: m.type, nlri: nlri.length, code, gzip: detectCompression(Uint8Array.of(0x1f, 0x8b)), wrong }));
`;
const CJS_CONSUMER = `import wire = require("@tsbgp/bgp-wire");
import node = require("@tsbgp/bgp-wire/node");

const keepalive = Uint8Array.from([...new Array(16).fill(0xff), 0, 19, 4]);
const m: wire.BgpMessage = wire.decodeMessage(keepalive, wire.ASN4_CONTEXT);
console.log(JSON.stringify({ type: m.type, error: typeof wire.BgpWireError, gzip: node.detectCompression(Uint8Array.of(0x1f, 0x8b)) }));
`;
const TSCONFIG = {
  compilerOptions: {
    module: "node16",
    moduleResolution: "node16",
    target: "es2022",
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // Check the shipped .d.ts files too, not only our use of them.
    skipLibCheck: false,
    types: ["node"],
    rootDir: ".",
    outDir: "out",
  },
  include: ["consumer/esm.ts", "samples"],
};
// The CommonJS consumer alone, so that its result does not hide the samples' (and vice versa).
const TSCONFIG_CJS = { ...TSCONFIG, include: ["consumer/cjs.cts"] };

let pkg: PackageFixture;
let compile: { status: number | null; output: string };
let compileCjs: { status: number | null; output: string };

beforeAll(() => {
  pkg = createPackageFixture();
  pkg.write("consumer/esm.ts", ESM_CONSUMER);
  pkg.write("consumer/cjs.cts", CJS_CONSUMER);
  for (const [i, s] of samples.entries()) pkg.write(`samples/sample-${i + 1}.ts`, s.code);
  pkg.write("tsconfig.json", JSON.stringify(TSCONFIG, null, 2));
  pkg.write("tsconfig.cjs.json", JSON.stringify(TSCONFIG_CJS, null, 2));
  symlinkSync(join(PACKAGE_DIR, "test", "fixtures", "mrt", MRT_SAMPLE), join(pkg.dir, MRT_SAMPLE));
  const r = pkg.tsc(["-p", "tsconfig.json"]);
  compile = { status: r.status, output: `${r.stdout}${r.stderr}` };
  const c = pkg.tsc(["-p", "tsconfig.cjs.json"]);
  compileCjs = { status: c.status, output: `${c.stdout}${c.stderr}` };
}, 240_000);

afterAll(() => pkg?.remove());

describe("built package", () => {
  it("has every file its exports, main, types and bin point to, types first", () => {
    const { manifest } = pkg;
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
    // Walks flat (`{ types, import, require }`) and nested (`{ import: { types, default } }`) conditions.
    const walk = (where: string, node: unknown): void => {
      if (typeof node === "string") {
        targets.push(node);
        return;
      }
      const conditions = node as Record<string, unknown>;
      // TypeScript takes the first matching condition: `types` must come first (STYLE.md).
      if ("types" in conditions) expect(Object.keys(conditions)[0], where).toBe("types");
      for (const [k, v] of Object.entries(conditions)) walk(`${where}.${k}`, v);
    };
    walk("exports", manifest.exports);
    expect(targets.length).toBeGreaterThanOrEqual(8);
    for (const t of targets) {
      expect(() => readFileSync(join(pkg.pkgDir, t)), t).not.toThrow();
      expect(
        manifest.files.some((f) => t.replace(/^\.\//, "").startsWith(f)),
        `${t} is in "files"`,
      ).toBe(true);
    }
  });

  it("keeps the main entry pure: no node: modules anywhere in what it loads", () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(pkg.pkgDir, "dist", file), "utf8");
      const specs = [...text.matchAll(/(?:from\s*|import\s*\(?\s*|require\()\s*["']([^"']+)["']/g)].map(
        (m) => m[1]!,
      );
      for (const s of specs) {
        expect(
          s.startsWith("node:") || ["fs", "zlib", "stream", "path"].includes(s),
          `${file} imports ${s}`,
        ).toBe(false);
        if (s.startsWith("./")) visit(s.slice(2));
        else
          expect(Object.keys(pkg.manifest.dependencies ?? {}), `${file} imports ${s}`).toContain(
            s.split("/")[0],
          );
      }
    };
    visit("index.js");
    visit("index.cjs");
    expect(seen.size).toBeGreaterThanOrEqual(2);
  });

  it("type-checks an ESM consumer of both entry points (node16 resolution) and every README sample", () => {
    expect(compile.output).toBe("");
    expect(compile.status).toBe(0);
  });

  it("type-checks a CommonJS consumer of both entry points (require conditions give .d.cts types)", () => {
    expect(compileCjs.output).toBe("");
    expect(compileCjs.status).toBe(0);
  });

  it("runs from ESM: import of both entry points", () => {
    const r = pkg.node(["out/consumer/esm.js"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      type: "KEEPALIVE",
      nlri: 0,
      code: "1/2",
      gzip: "gzip",
      wrong: "KEEPALIVE",
    });
  });

  it("runs from CommonJS: require() of both entry points", () => {
    const plain = pkg.node([
      "-e",
      'const w = require("@tsbgp/bgp-wire"); console.log(w.describeNotification(6, 2))',
    ]);
    expect(plain.stdout.trim()).toBe("Cease / Administrative Shutdown");
    const node = pkg.node([
      "-e",
      'const n = require("@tsbgp/bgp-wire/node"); console.log(typeof n.readMrtFile)',
    ]);
    expect(node.stdout.trim()).toBe("function");
  });

  it("runs the compiled CommonJS consumer", () => {
    // tsc emits even when the types fail to resolve: this checks the runtime side alone.
    const r = pkg.node(["out/consumer/cjs.cjs"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ type: "KEEPALIVE", error: "function", gzip: "gzip" });
  });

  it("ships a working tsbgp-mrt bin", () => {
    const bin = pkg.manifest.bin?.["tsbgp-mrt"];
    expect(bin).toBeDefined();
    const r = pkg.node([join(pkg.pkgDir, bin!), MRT_SAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").length).toBeGreaterThan(1000);
  });
});

describe("README", () => {
  it("has the samples this test runs", () => {
    expect(samples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(samples.map((s, i) => [i + 1, s.line] as const))(
    "sample %i (line %i) runs and its assertions hold",
    (n) => {
      expect(compile.status).toBe(0);
      const r = pkg.node([`out/samples/sample-${n}.js`]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
  );

  it("shows the CLI output the built bin prints", () => {
    const cmd = blocks.find((b) => b.lang === "sh" && b.code.includes("tsbgp-mrt"));
    const shown = blocks.find((b) => b.lang === "text" && b.line > (cmd?.line ?? 0));
    expect(cmd?.code.trim()).toBe(`npx tsbgp-mrt ${MRT_SAMPLE} > updates.txt`);
    const lines = shown!.code.trim().split("\n");
    const r = pkg.node([join(pkg.pkgDir, pkg.manifest.bin!["tsbgp-mrt"]!), MRT_SAMPLE]);
    expect(r.stdout.split("\n").slice(0, lines.length)).toEqual(lines);
  });
});
