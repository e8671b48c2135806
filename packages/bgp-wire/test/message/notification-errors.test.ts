import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import {
  badBgpIdentifierError,
  badPeerAsError,
  ceaseError,
  holdTimerExpiredError,
  maxPrefixesError,
  roleMismatchError,
  sendHoldTimerExpiredError,
  unacceptableHoldTimeError,
  unexpectedMessageError,
  unsupportedCapabilityError,
  unsupportedOptionalParameterError,
  unsupportedVersionError,
} from "../../src/message/notification-errors.js";
import { notificationFromError } from "../../src/message/notification-from-error.js";
import { hex } from "./helpers.js";

/** [name, error, code, subcode, data hex]. */
const cases: [string, BgpWireError, number, number, string][] = [
  ["unsupported version", unsupportedVersionError(5), 2, 1, "0004"],
  ["bad peer AS", badPeerAsError("expected 65001"), 2, 2, ""],
  ["bad BGP identifier", badBgpIdentifierError(), 2, 3, ""],
  ["unsupported optional parameter", unsupportedOptionalParameterError(), 2, 4, ""],
  ["unacceptable hold time", unacceptableHoldTimeError(2), 2, 6, ""],
  [
    "unsupported capability",
    unsupportedCapabilityError([{ code: 9, role: 3 }, { code: 2 }]),
    2,
    7,
    "09010302" + "00",
  ],
  ["role mismatch", roleMismatchError(), 2, 11, ""],
  ["hold timer expired", holdTimerExpiredError(), 4, 0, ""],
  ["send hold timer expired", sendHoldTimerExpiredError(), 8, 0, ""],
  ["unexpected UPDATE in OpenSent", unexpectedMessageError(2, "OpenSent"), 5, 1, "02"],
  ["unexpected OPEN in OpenConfirm", unexpectedMessageError(1, "OpenConfirm"), 5, 2, "01"],
  ["unexpected OPEN in Established", unexpectedMessageError(1, "Established"), 5, 3, "01"],
  ["unexpected message, no state", unexpectedMessageError(5), 5, 0, "05"],
  ["cease", ceaseError(5), 6, 5, ""],
  ["max prefixes", maxPrefixesError(1, 1, 1000), 6, 1, "000101000003e8"],
];

describe("error constructors for the FSM", () => {
  it.each(cases)("%s → NOTIFICATION %i/%i with its RFC data", (_n, err, code, subcode, dataHex) => {
    expect(err).toBeInstanceOf(BgpWireError);
    expect(err.name).toBe("BgpWireError");
    const n = notificationFromError(err);
    expect([n.type, n.code, n.subcode, hex(n.data)]).toEqual(["NOTIFICATION", code, subcode, dataHex]);
  });

  it("messages name the error", () => {
    expect(badPeerAsError("expected 65001").message).toBe("OPEN Message Error / Bad Peer AS: expected 65001");
    expect(unexpectedMessageError(2, "OpenSent").message).toContain("UPDATE in OpenSent");
  });
});

describe("notificationFromError", () => {
  it("uses an attached notification of an upper-layer error", () => {
    const err = Object.assign(new Error("session"), { notification: { code: 6, subcode: 7 } });
    const n = notificationFromError(err);
    expect([n.code, n.subcode, n.data.length]).toEqual([6, 7, 0]);
  });

  it("sends Cease / Unspecific for anything else, leaking nothing", () => {
    for (const e of [new TypeError("boom"), "string", null, { notification: { code: "x" } }]) {
      const n = notificationFromError(e);
      expect([n.code, n.subcode, n.data.length]).toEqual([6, 0, 0]);
    }
  });

  it("recognizes a BgpWireError from another copy of the package by name", () => {
    const foreign = Object.assign(new Error("x"), {
      name: "BgpWireError",
      code: 3,
      subcode: 1,
      data: new Uint8Array([1]),
    });
    const n = notificationFromError(foreign);
    expect([n.code, n.subcode, hex(n.data)]).toEqual([3, 1, "01"]);
  });
});
