/** RFC 9003 shutdown communications, cut to fit instead of refused. */
import { MAX_SHUTDOWN_COMMUNICATION_LENGTH, encodeShutdownCommunication } from "@tsbgp/bgp-wire";

const encoder = new TextEncoder();

/**
 * The data field of an Administrative Shutdown/Reset carrying `text` (RFC 9003 §2). Text longer
 * than 255 UTF-8 bytes is cut at a character boundary, because an operator's long message must
 * not turn a clean shutdown into an error.
 */
export function shutdownCommunicationData(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length <= MAX_SHUTDOWN_COMMUNICATION_LENGTH) return encodeShutdownCommunication(text);
  let end = MAX_SHUTDOWN_COMMUNICATION_LENGTH;
  // Back off over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character start.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return encodeShutdownCommunication(new TextDecoder().decode(bytes.subarray(0, end)));
}
