import { describe, expect, it } from "vitest";
import { BgpWireError, ErrorCode } from "../../src/errors.js";
import {
  decodeNotificationBody,
  hardResetNotification,
  hardResetReason,
} from "../../src/message/notification.js";
import { formatNotification } from "../../src/message/notification-format.js";
import {
  describeNotification,
  errorCodeName,
  errorSubcodeName,
  listNotificationNames,
} from "../../src/message/notification-names.js";
import {
  encodeShutdownCommunication,
  readShutdownCommunication,
  shutdownNotification,
} from "../../src/message/shutdown-communication.js";
import type { NotificationMessage } from "../../src/types/messages.js";
import { fromHex, hex, thrown } from "./helpers.js";

const notif = (code: number, subcode: number, data: Uint8Array = new Uint8Array(0)): NotificationMessage => ({
  type: "NOTIFICATION",
  code,
  subcode,
  data,
});

describe("NOTIFICATION names (one table)", () => {
  it.each([
    [1, 1, "Message Header Error / Connection Not Synchronized"],
    [1, 3, "Message Header Error / Bad Message Type"],
    [2, 7, "OPEN Message Error / Unsupported Capability"],
    [2, 11, "OPEN Message Error / Role Mismatch"],
    [3, 11, "UPDATE Message Error / Malformed AS_PATH"],
    [4, 0, "Hold Timer Expired"],
    [5, 2, "Finite State Machine Error / Receive Unexpected Message in OpenConfirm State"],
    [6, 2, "Cease / Administrative Shutdown"],
    [6, 9, "Cease / Hard Reset"],
    [6, 10, "Cease / BFD Down"],
    [7, 1, "ROUTE-REFRESH Message Error / Invalid Message Length"],
    [8, 0, "Send Hold Timer Expired"],
    [2, 0, "OPEN Message Error / Unspecific"],
  ])("(%i, %i) is %s", (code, subcode, text) => {
    expect(describeNotification(code, subcode)).toBe(text);
  });

  it("names unknown codes and subcodes without failing", () => {
    expect(errorCodeName(99)).toBe("Unknown error code 99");
    expect(errorSubcodeName(6, 77)).toBe("Unknown subcode 77");
    expect(describeNotification(4, 3)).toBe("Hold Timer Expired / Unknown subcode 3");
    expect(describeNotification(99, 0)).toBe("Unknown error code 99 / Unspecific");
  });

  it("lists every subcode of RFC 4271/4486/6608/7313/8538/9234", () => {
    const all = listNotificationNames();
    const has = (c: number, s: number) => all.some((e) => e.code === c && e.subcode === s);
    for (const s of [1, 2, 3]) expect(has(1, s)).toBe(true);
    for (const s of [1, 2, 3, 4, 6, 7, 11]) expect(has(2, s)).toBe(true);
    for (const s of [1, 2, 3, 4, 5, 6, 8, 9, 10, 11]) expect(has(3, s)).toBe(true);
    for (const s of [0, 1, 2, 3]) expect(has(5, s)).toBe(true);
    for (let s = 1; s <= 9; s++) expect(has(6, s)).toBe(true);
    expect(has(4, 0) && has(7, 1) && has(8, 0)).toBe(true);
    expect(all.every((e) => !e.description.includes("Unknown"))).toBe(true);
  });
});

describe("Shutdown Communication (RFC 8203, RFC 9003)", () => {
  it("reads the text of tcpdump's bgp-shutdown-communication capture", () => {
    const data = fromHex(
      "345468697320697320612074657374206f66207468652073687574646f776e20636f6d6d756e69636174696f6e2073797374656d2e",
    );
    expect(readShutdownCommunication(notif(6, 2, data))).toEqual({
      valid: true,
      text: "This is a test of the shutdown communication system.",
      trailing: new Uint8Array(0),
    });
  });

  it("reads a communication followed by extra data (bgp-shutdown-msg-variations)", () => {
    const data = fromHex("0a30313233343536373839457874726144617461");
    const c = readShutdownCommunication(notif(6, 4, data));
    expect(c).toMatchObject({ valid: true, text: "0123456789" });
    expect(c?.valid && new TextDecoder().decode(c.trailing)).toBe("ExtraData");
  });

  it("reports an invalid length or UTF-8 instead of failing (RFC 9003 §2)", () => {
    expect(readShutdownCommunication(notif(6, 2, fromHex("0561")))).toEqual({
      valid: false,
      reason: "length",
    });
    expect(readShutdownCommunication(notif(6, 2, fromHex("02c328")))).toEqual({
      valid: false,
      reason: "utf8",
    });
  });

  it("has none on other subcodes or with empty data", () => {
    expect(readShutdownCommunication(notif(6, 3, fromHex("0161")))).toBeUndefined();
    expect(readShutdownCommunication(notif(2, 2, fromHex("0161")))).toBeUndefined();
    expect(readShutdownCommunication(notif(6, 2))).toBeUndefined();
  });

  it("encodes UTF-8 with the length byte, up to 255 bytes", () => {
    expect(hex(encodeShutdownCommunication("ünïcode"))).toBe(`09${hex(new TextEncoder().encode("ünïcode"))}`);
    const max = "€".repeat(85); // 255 bytes
    expect(encodeShutdownCommunication(max)[0]).toBe(255);
    expect(readShutdownCommunication(shutdownNotification(max))).toMatchObject({ valid: true, text: max });
    const e = thrown(() => encodeShutdownCommunication(`${max}x`)) as BgpWireError;
    expect(e).toBeInstanceOf(BgpWireError);
  });

  it("builds shutdown and reset NOTIFICATIONs", () => {
    expect(shutdownNotification()).toEqual(notif(6, 2));
    const reset = shutdownNotification("bye", 4);
    expect([reset.code, reset.subcode, hex(reset.data)]).toEqual([6, 4, "03627965"]);
  });
});

describe("Hard Reset (RFC 8538 §3)", () => {
  it("unwraps the reason of tcpdump's bgp-cease-hard-reset capture", () => {
    const m = decodeNotificationBody(fromHex("06090603"));
    expect(hardResetReason(m)).toEqual(notif(6, 3));
    expect(formatNotification(m)).toBe("Cease / Hard Reset (6/9) <- Cease / Peer De-configured (6/3)");
  });

  it("wraps a reason, data included", () => {
    const m = hardResetNotification(shutdownNotification("x"));
    expect([m.code, m.subcode, hex(m.data)]).toEqual([6, 9, "06020178"]);
    expect(formatNotification(m)).toBe(
      'Cease / Hard Reset (6/9) <- Cease / Administrative Shutdown (6/2): "x"',
    );
  });

  it("has no reason when not a Hard Reset or too short (bgp-malformed-hard-reset)", () => {
    expect(hardResetReason(notif(6, 9))).toBeUndefined();
    expect(hardResetReason(notif(6, 2, fromHex("0603")))).toBeUndefined();
  });
});

describe("formatNotification", () => {
  it("shows plain data as hex and bad communications as such", () => {
    expect(formatNotification(notif(1, 2, fromHex("1234")))).toBe(
      "Message Header Error / Bad Message Length (1/2) data 1234",
    );
    expect(formatNotification(notif(4, 0))).toBe("Hold Timer Expired (4/0)");
    expect(formatNotification(notif(6, 2, fromHex("0561")))).toBe(
      "Cease / Administrative Shutdown (6/2): invalid shutdown communication (length) data 0561",
    );
    expect(formatNotification(notif(6, 4, fromHex("0161ff")))).toBe(
      'Cease / Administrative Reset (6/4): "a" + data ff',
    );
  });
});

describe("decodeNotificationBody", () => {
  it("keeps the data as a view", () => {
    const body = fromHex("0701feb0");
    const m = decodeNotificationBody(body);
    expect(m).toEqual(notif(ErrorCode.ROUTE_REFRESH_MESSAGE, 1, fromHex("feb0")));
    expect(m.data.buffer).toBe(body.buffer);
  });
});
