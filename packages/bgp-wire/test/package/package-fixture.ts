/**
 * A consumer project in a temporary directory with `@tsbgp/bgp-wire` installed as the npm tarball
 * would install it: `node_modules/@tsbgp/bgp-wire/` holds the package.json, the README and a
 * fresh `dist/` built by tsup from this package's own tsup.config.ts (into the temp directory,
 * so it never races with anyone's `packages/bgp-wire/dist`). Runtime dependencies and
 * `@types/node` are symlinked from the workspace's node_modules (no network).
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** packages/bgp-wire. */
export const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));
/** The monorepo root. */
export const REPO_DIR = join(PACKAGE_DIR, "..", "..");
const BIN = join(REPO_DIR, "node_modules", ".bin");

/** The consumer project. */
export interface PackageFixture {
  /** The consumer's root (has package.json with `"type": "module"`). */
  readonly dir: string;
  /** Where the package is installed: `<dir>/node_modules/@tsbgp/bgp-wire`. */
  readonly pkgDir: string;
  /** The installed package.json. */
  readonly manifest: PackageManifest;
  /** Runs `node` with `args` in the consumer's root. */
  node(args: readonly string[], input?: string): SpawnSyncReturns<string>;
  /** Runs `tsc` with `args` in the consumer's root. */
  tsc(args: readonly string[]): SpawnSyncReturns<string>;
  /** Writes a file relative to the consumer's root. */
  write(path: string, text: string): void;
  /** Removes the temporary directory. */
  remove(): void;
}

/** The fields of package.json this test reads. */
export interface PackageManifest {
  readonly name: string;
  readonly files: readonly string[];
  readonly main: string;
  readonly types: string;
  /** Conditions, flat or nested (`{ import: { types, default } }`). */
  readonly exports: Record<string, unknown>;
  readonly bin?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
}

function run(cmd: string, args: readonly string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 16 * 2 ** 20,
    ...(input === undefined ? {} : { input }),
  });
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, "dir");
}

/** Builds the package into a new consumer project; throws with tsup's output if the build fails. */
export function createPackageFixture(): PackageFixture {
  const dir = mkdtempSync(join(tmpdir(), "tsbgp-wire-pkg-"));
  const pkgDir = join(dir, "node_modules", "@tsbgp", "bgp-wire");
  mkdirSync(pkgDir, { recursive: true });
  const fixture: PackageFixture = {
    dir,
    pkgDir,
    manifest: JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as PackageManifest,
    node: (args, input) => run(process.execPath, args, dir, input),
    tsc: (args) => run(join(BIN, "tsc"), args, dir),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  try {
    const build = run(join(BIN, "tsup"), ["--out-dir", join(pkgDir, "dist")], PACKAGE_DIR);
    if (build.status !== 0)
      throw new Error(`tsup failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    for (const f of ["package.json", "README.md"]) copyFileSync(join(PACKAGE_DIR, f), join(pkgDir, f));
    for (const dep of [...Object.keys(fixture.manifest.dependencies ?? {}), "@types/node"]) {
      link(join(REPO_DIR, "node_modules", dep), join(dir, "node_modules", dep));
    }
    fixture.write("package.json", `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`);
  } catch (e) {
    fixture.remove();
    throw e;
  }
  return fixture;
}
