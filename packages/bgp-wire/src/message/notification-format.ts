/**
 * One-line text of a NOTIFICATION for logs and the CLI, with the structured data fields spelled
 * out: the Shutdown Communication (RFC 9003) and the reason inside a Hard Reset (RFC 8538).
 */
import type { NotificationMessage } from "../types/messages.js";
import { hardResetReason } from "./notification.js";
import { describeNotification } from "./notification-names.js";
import { toHex } from "./read-write.js";
import { readShutdownCommunication } from "./shutdown-communication.js";

/**
 * E.g. `Cease / Administrative Shutdown (6/2): "maintenance"` or
 * `Cease / Hard Reset (6/9) <- Cease / Peer De-configured (6/3)`. Other data is shown as hex.
 */
export function formatNotification(msg: NotificationMessage): string {
  const head = `${describeNotification(msg.code, msg.subcode)} (${msg.code}/${msg.subcode})`;
  const inner = hardResetReason(msg);
  if (inner !== undefined) return `${head} <- ${formatNotification(inner)}`;
  const comm = readShutdownCommunication(msg);
  if (comm !== undefined) {
    if (!comm.valid)
      return `${head}: invalid shutdown communication (${comm.reason}) data ${toHex(msg.data)}`;
    const rest = comm.trailing.length > 0 ? ` + data ${toHex(comm.trailing)}` : "";
    return `${head}: ${JSON.stringify(comm.text)}${rest}`;
  }
  return msg.data.length > 0 ? `${head} data ${toHex(msg.data)}` : head;
}
