/**
 * What the fuzzer runs on each mutated input, and the oracle: every decoder may accept the bytes
 * or reject them with its layer's error class (`BgpWireError`; `MrtError` for MRT framing,
 * RFC 6396), and nothing else. A target returns `true` if the input decoded, `false` if it was
 * rejected, and lets anything else escape: that is a crash.
 */
import type { CodecContext } from "../../src/context.js";
import { isBgpWireError } from "../../src/errors.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { encodeMessage } from "../../src/message/encode-message.js";
import { MessageFramer } from "../../src/message/framer.js";
import { materializeUpdate } from "../../src/message/update.js";
import {
  decodeBgp4mpMessage,
  decodeRibEntryAttributes,
  decodeTableDumpAttributes,
} from "../../src/mrt/bgp-content.js";
import { isMrtError } from "../../src/mrt/mrt-error.js";
import { MrtReader } from "../../src/mrt/reader.js";
import { decodeMrtRecord } from "../../src/mrt/record.js";
import { MrtStreamDecoder } from "../../src/mrt/stream-decoder.js";
import type { BgpMessage } from "../../src/types/messages.js";
import type { Rand } from "./rng.js";

/**
 * The oracle. An `MrtError` whose `cause` is an untyped error does not count: the MRT layer
 * wraps unexpected exceptions (a decoder bug) so a reader can skip the record, and the fuzzer
 * must still see the bug underneath.
 */
function typed(e: unknown, mrt: boolean): boolean {
  if (isBgpWireError(e)) return true;
  if (!mrt || !isMrtError(e)) return false;
  const cause = (e as Error).cause;
  return cause === undefined || isBgpWireError(cause) || isMrtError(cause);
}

/** Decodes a message fully: every lazy UPDATE section is read, as a RIB ingest would. */
function decodeFully(bytes: Uint8Array, ctx: CodecContext): BgpMessage {
  const m = decodeMessage(bytes, ctx);
  return m.type === "UPDATE" ? materializeUpdate(m) : m;
}

/** The bytes through a {@link MessageFramer} in two chunks split at `cut`. */
export function framed(bytes: Uint8Array, ctx: CodecContext, cut: number): void {
  try {
    const framer = new MessageFramer({ maxMessageLength: ctx.extendedMessage ? 65535 : 4096 });
    for (const m of [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))]) {
      if (m.length < 19) throw new Error(`framer returned a ${m.length}-byte message`);
    }
  } catch (e) {
    if (!typed(e, false)) throw e;
  }
}

/**
 * One whole BGP message: `decodeMessage` with every section read, then re-encoding of what
 * decoded (which may refuse, but only with a `BgpWireError`), and now and then the same bytes
 * through a {@link MessageFramer} split at a random point.
 */
export function runMessage(bytes: Uint8Array, ctx: CodecContext, rand: Rand): boolean {
  if (rand(8) === 0) framed(bytes, ctx, rand(bytes.length + 1));
  let m: BgpMessage;
  try {
    m = decodeFully(bytes, ctx);
  } catch (e) {
    if (typed(e, false)) return false;
    throw e;
  }
  try {
    encodeMessage(m, ctx);
  } catch (e) {
    if (!typed(e, false)) throw e;
  }
  return true;
}

/** The BGP content of a decoded record, decoded as far as the record type allows. */
function decodeContent(rec: ReturnType<typeof decodeMrtRecord>): void {
  switch (rec.type) {
    case "BGP4MP_MESSAGE": {
      const m = decodeBgp4mpMessage(rec);
      if (m.type === "UPDATE") materializeUpdate(m);
      break;
    }
    case "RIB":
      for (const e of rec.entries) decodeRibEntryAttributes(rec, e);
      break;
    case "TABLE_DUMP":
      decodeTableDumpAttributes(rec);
      break;
    default:
      break;
  }
}

/**
 * The bytes through {@link MrtReader} in skip mode and a {@link MrtStreamDecoder} fed in two
 * chunks split at `cut`: both must end (no endless loop on a bad length) and skip only typed
 * errors.
 */
export function readers(bytes: Uint8Array, cut: number): void {
  try {
    // Skip mode swallows damaged records: look at each one for a wrapped decoder bug.
    const onSkip = (err: Error): void => {
      if (!typed(err, true)) throw err;
    };
    for (const rec of new MrtReader(bytes, { onError: "skip", onSkip })) void rec;
    const d = new MrtStreamDecoder({ onError: "skip", onSkip });
    d.push(bytes.subarray(0, cut));
    d.push(bytes.subarray(cut));
    d.end();
  } catch (e) {
    if (!typed(e, true)) throw e;
  }
}

/**
 * One MRT record: `decodeMrtRecord`, then its BGP content (message or RIB attributes); now and
 * then the same bytes through {@link MrtReader} in skip mode and a chunked
 * {@link MrtStreamDecoder}, which must end (no endless loop on a bad length).
 */
export function runMrt(bytes: Uint8Array, rand: Rand): boolean {
  if (rand(8) === 0) readers(bytes, rand(bytes.length + 1));
  let rec: ReturnType<typeof decodeMrtRecord>;
  try {
    rec = decodeMrtRecord(bytes);
  } catch (e) {
    if (typed(e, true)) return false;
    throw e;
  }
  try {
    decodeContent(rec);
  } catch (e) {
    // A damaged message inside a sound record: the message layer's error, never an MrtError.
    if (isBgpWireError(e)) return true;
    throw e;
  }
  return true;
}
