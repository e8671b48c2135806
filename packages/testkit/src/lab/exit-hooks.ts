/**
 * Process-wide registry of labs that must be torn down if the test process ends early.
 *
 * Why: a failing or interrupted test must not leave namespaces and daemons behind. `afterAll`
 * does not run when the worker is interrupted, so every live lab is also destroyed
 * synchronously from `exit`, `SIGINT` and `SIGTERM` handlers. The handlers are installed while
 * at least one lab is alive and removed afterwards, so they do not change how the host process
 * behaves otherwise.
 */

/** Something that can be torn down synchronously. */
export interface SyncDestroyable {
  destroySync(): void;
}

const live = new Set<SyncDestroyable>();
let installed = false;

function destroyAll(): void {
  for (const item of [...live]) {
    try {
      item.destroySync();
    } catch {
      // best effort: keep tearing down the others
    }
    live.delete(item);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAll();
  uninstall();
  // If nobody else listens, restore the default action (terminate) by re-raising.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const onExit = (): void => destroyAll();
const onSigint = (): void => onSignal("SIGINT");
const onSigterm = (): void => onSignal("SIGTERM");

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", onExit);
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off("exit", onExit);
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
}

/** Register a lab for teardown at process exit. */
export function registerExitHook(item: SyncDestroyable): void {
  live.add(item);
  install();
}

/** Forget a lab that was destroyed normally; removes the handlers when none is left. */
export function unregisterExitHook(item: SyncDestroyable): void {
  live.delete(item);
  if (live.size === 0) uninstall();
}
