import { describe, expect, it } from "vitest";
import { parseArgs, SimUsageError } from "../../src/cli/args.js";

const bad = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(SimUsageError);
    expect((err as SimUsageError).code).toBe("SIM_USAGE");
    return (err as Error).message;
  }
  throw new Error(`accepted: ${argv.join(" ")}`);
};

describe("simulator arguments", () => {
  it("parses a full command line, with defaults", () => {
    expect(
      parseArgs(["--nodes", "50", "--mode", "rr", "--reflectors=4", "--json", "--scenario", "flap"]),
    ).toEqual({
      json: true,
      nodes: 50,
      mode: "rr",
      reflectors: 4,
      scenario: "flap",
    });
    expect(parseArgs(["--mode", "mesh", "--nodes", "2"])).toEqual({
      json: false,
      nodes: 2,
      mode: "mesh",
      scenario: "join",
    });
  });

  it("rejects nonsense with one line that says what is wrong", () => {
    expect(bad(["--nodes", "1", "--mode", "mesh"])).toBe("--nodes 1: a cluster needs at least 2 nodes");
    expect(bad(["--nodes", "-3", "--mode", "mesh"])).toBe("--nodes -3: a cluster needs at least 2 nodes");
    expect(bad(["--nodes", "ten", "--mode", "mesh"])).toBe("--nodes ten: not an integer");
    expect(bad(["--nodes", "5000", "--mode", "mesh"])).toBe("--nodes 5000: must be 2..1023");
    expect(bad(["--mode", "mesh"])).toBe("--nodes is required");
    expect(bad(["--nodes", "4"])).toBe("--mode is required (mesh or rr)");
    expect(bad(["--nodes", "4", "--mode", "star"])).toBe("--mode star: unknown mode (mesh or rr)");
    expect(bad(["--nodes", "4", "--mode", "rr", "--reflectors", "5"])).toBe(
      "--reflectors 5: more reflectors than nodes (4)",
    );
    expect(bad(["--nodes", "4", "--mode", "rr", "--reflectors", "0"])).toBe(
      "--reflectors 0: rr mode needs at least 1 reflector",
    );
    expect(bad(["--nodes", "4", "--mode", "mesh", "--reflectors", "2"])).toBe(
      "--reflectors is for --mode rr only",
    );
    expect(bad(["--nodes", "4", "--mode", "mesh", "--scenario", "reflector-dies"])).toBe(
      "--scenario reflector-dies needs --mode rr",
    );
    expect(bad(["--nodes", "4", "--mode", "mesh", "--scenario", "meteor"])).toMatch(
      /^--scenario meteor: unknown/,
    );
    expect(bad(["--nodes", "4", "--mode", "mesh", "--verbose"])).toBe("unknown argument --verbose");
    expect(bad(["--nodes"])).toBe("--nodes needs a value");
  });
});
