/**
 * ExaBGP's encoding vectors (qa/encoding/*.ci): every UPDATE decodes, re-encodes to the same
 * bytes, and where ExaBGP recorded its own JSON decode for IPv4/IPv6 unicast, our fields match.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isModelledFamily } from "../../src/attributes/mp-nlri.js";
import { type CodecContext, createContext, type FamilyKey } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { toExabgp } from "./exabgp-adapter.js";
import { encodeBody, fromHex, readJsonl, toHex } from "./helpers.js";

interface Vector {
  source: string;
  options: { file?: string[] };
  command: string | null;
  hex: string;
  type: number;
  expected_json: { neighbor: { message: { update?: Record<string, unknown> } } } | null;
}

const FAMILIES: Record<string, FamilyKey> = {
  "ipv4 unicast": "1/1",
  "ipv6 unicast": "2/1",
  "ipv4 mpls-vpn": "1/128",
  "ipv6 mpls-vpn": "2/128",
  "ipv4 nlri-mpls": "1/4",
  "ipv6 nlri-mpls": "2/4",
};

/** The codec context the vector's config negotiated: ASN4 unless disabled, its ADD-PATH families. */
function contextFor(v: Vector): CodecContext {
  const file = v.options.file?.[0];
  if (!file) return createContext({ asn4: true });
  const conf = readFileSync(
    fileURLToPath(new URL(`../fixtures/update/exabgp-etc/${file}`, import.meta.url)),
    "utf8",
  );
  const addPath: FamilyKey[] = [];
  // An `add-path { families }` block limits ADD-PATH to those; without one, the capability
  // (`add-path send/receive;`) applies to every family of the `family { }` block.
  const block =
    /add-path\s*\{([^}]*)\}/.exec(conf) ??
    (/add-path\s+send/.test(conf) ? /family\s*\{([^}]*)\}/.exec(conf) : null);
  for (const line of block?.[1]?.split(";") ?? []) {
    const fam = FAMILIES[line.trim()];
    if (fam) addPath.push(fam);
  }
  return createContext({
    asn4: !/asn4\s+disable/.test(conf),
    addPathReceive: addPath,
    addPathSend: addPath,
    extendedMessage: true,
  });
}

/**
 * Extended communities are compared by value; the text only for route targets, the one form
 * both sides spell alike (ExaBGP prints e.g. a route origin's 4-octet local part as an IPv4
 * address and names non-RFC 4360 types like `redirect`, `l2info`).
 */
function onlyRouteTargetStrings(update: Record<string, unknown>): Record<string, unknown> {
  const attribute = update.attribute as Record<string, unknown> | undefined;
  const ext = attribute?.["extended-community"] as { value: number; string: string }[] | undefined;
  if (!attribute || !ext) return update;
  const cleaned = ext.map((e) => (e.string.startsWith("target:") ? e : { value: e.value }));
  return { ...update, attribute: { ...attribute, "extended-community": cleaned } };
}

const vectors = readJsonl<Vector>("update/exabgp-qa.encoding.jsonl").filter((v) => v.type === 2);

function familiesOf(v: Vector): string[] {
  const u = v.expected_json?.neighbor.message.update ?? {};
  return [
    ...Object.keys((u.announce as object | undefined) ?? {}),
    ...Object.keys((u.withdraw as object | undefined) ?? {}),
  ];
}

describe("ExaBGP encoding vectors", () => {
  it("has the expected corpus", () => {
    expect(vectors.length).toBe(164);
  });

  // ExaBGP lets its `attribute [type flags value]` command send an unknown attribute with the
  // Optional bit clear. To a receiver that is an unrecognized well-known attribute: RFC 4271
  // §6.3 ends the session (subcode 2, data = the attribute). We follow the RFC.
  const wellKnownUnknown = (v: Vector): boolean => /attribute \[0x99 0x[67]0/.test(v.command ?? "");

  it("rejects the unknown 'well-known' attribute vectors with subcode 2 (RFC 4271 §6.3)", () => {
    const bad = vectors.filter(wellKnownUnknown);
    expect(bad.length).toBe(2);
    for (const v of bad) {
      const body = fromHex(v.hex).subarray(19);
      let err: unknown;
      try {
        decodeUpdateBody(body, contextFor(v), 19);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BgpWireError);
      expect(err).toMatchObject({ code: 3, subcode: 2, action: "session-reset" });
      // The data is the whole attribute: flags, type, length (2 octets with Extended Length), value.
      const expected = v.command?.includes("0x99 0x60") ? "60990400000064" : "7099000400000064";
      expect(toHex((err as BgpWireError).data)).toBe(expected);
    }
  });

  it.each(
    vectors
      .filter((v) => !wellKnownUnknown(v))
      .map((v, i) => [`${i} ${v.source}: ${(v.command ?? "(no command)").slice(0, 70)}`, v] as const),
  )("%s decodes and re-encodes byte for byte", (_name, v) => {
    const bytes = fromHex(v.hex);
    const ctx = contextFor(v);
    const body = bytes.subarray(19);
    const msg = decodeUpdateBody(body, ctx, 19);
    expect(msg.problems).toEqual([]);
    expect(toHex(encodeBody(msg, ctx))).toBe(toHex(body));
  });

  const unicast = vectors.filter((v) => {
    const fams = familiesOf(v);
    return (
      v.expected_json !== null &&
      !wellKnownUnknown(v) &&
      fams.length > 0 &&
      fams.every((f) => f === "ipv4 unicast" || f === "ipv6 unicast")
    );
  });

  it("covers every IPv4/IPv6 unicast vector with an expected decode", () => {
    expect(unicast.length).toBe(52);
  });

  it.each(
    unicast.map((v, i) => [`${i} ${v.source}: ${(v.command ?? "(no command)").slice(0, 70)}`, v] as const),
  )("%s matches ExaBGP's JSON", (_name, v) => {
    const msg = decodeUpdateBody(fromHex(v.hex).subarray(19), contextFor(v), 19);
    expect(onlyRouteTargetStrings(toExabgp(msg))).toEqual(
      onlyRouteTargetStrings(v.expected_json?.neighbor.message.update ?? {}),
    );
  });

  it("keeps the other families raw, exactly as received", () => {
    // Families we do not model (flowspec, VPN, labelled unicast, MVPN, MUP, VPLS...) keep their
    // next hop and NLRI as raw views: decode must not fail and must not invent prefixes.
    // 1/4 labelled unicast, 1/5 and 2/5 MVPN, 1/73 and 2/73 SR policy, 1/85 and 2/85 SRv6 MUP,
    // 1/128 and 2/128 VPN, 1/133 and 2/133 flowspec, 1/134 flowspec VPN, 25/65 VPLS.
    const raw = new Map<string, number>();
    for (const v of vectors.filter((x) => !wellKnownUnknown(x))) {
      const msg = decodeUpdateBody(fromHex(v.hex).subarray(19), contextFor(v), 19);
      for (const mp of [msg.attributes.mpReach, msg.attributes.mpUnreach]) {
        if (!mp || isModelledFamily(mp.afi, mp.safi)) continue;
        const key = `${mp.afi}/${mp.safi}`;
        raw.set(key, (raw.get(key) ?? 0) + 1);
        if ("nlri" in mp) expect(mp.nlri).toEqual([]);
        else expect(mp.withdrawn).toEqual([]);
      }
    }
    expect([...raw.keys()].sort()).toEqual(
      [
        "1/128",
        "1/133",
        "1/134",
        "1/4",
        "1/5",
        "1/73",
        "1/85",
        "2/128",
        "2/133",
        "2/5",
        "2/73",
        "2/85",
        "25/65",
      ].sort(),
    );
  });
});
