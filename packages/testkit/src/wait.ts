import { TestkitError, TestkitErrorCode } from "./errors.js";

/** Options for {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 20 s). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 200 ms). */
  readonly intervalMs?: number;
  /** What is being waited for, used in the timeout message. */
  readonly what?: string;
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Poll `probe` until it returns a value other than `undefined`/`false`, and return that value.
 *
 * A probe that throws counts as "not yet"; its last error is attached to the timeout error so a
 * failing test shows why (daemon not up, parse error, ...).
 *
 * @throws TestkitError `TIMEOUT`
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastValue = value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail =
        lastError instanceof Error
          ? `: last error: ${lastError.message}`
          : ` (last value: ${String(lastValue)})`;
      throw new TestkitError(
        TestkitErrorCode.TIMEOUT,
        `timed out after ${timeoutMs} ms waiting for ${options.what ?? "condition"}${detail}`,
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    await sleep(intervalMs);
  }
}
