import { afterAll, expect } from "vitest";
import { Lab } from "../../src/index.js";

/**
 * Create a lab for a test file; afterAll destroys it and asserts that no namespace with its
 * prefix remains and no daemon PID survived.
 */
export function useLab(): () => Promise<Lab> {
  let lab: Lab | undefined;
  afterAll(async () => {
    if (!lab) return;
    const pids = lab.processes.map((p) => p.pid);
    await lab.destroy();
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
    expect(lab.processes.filter((p) => p.running).map((p) => p.pid)).toEqual([]);
    expect(pids.length).toBeGreaterThan(0);
  });
  return async () => {
    lab ??= await Lab.create();
    return lab;
  };
}
