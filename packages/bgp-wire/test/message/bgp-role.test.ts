import { describe, expect, it } from "vitest";
import { BgpRole, rolesMatch } from "../../src/message/bgp-role.js";

describe("BGP roles (RFC 9234 §4.2)", () => {
  it("allows exactly the five pairs of Table 2", () => {
    const allowed: string[] = [];
    for (let l = 0; l <= 5; l++) for (let r = 0; r <= 5; r++) if (rolesMatch(l, r)) allowed.push(`${l}-${r}`);
    const { PROVIDER, CUSTOMER, ROUTE_SERVER, ROUTE_SERVER_CLIENT, PEER } = BgpRole;
    expect(allowed.sort()).toEqual(
      [
        `${PROVIDER}-${CUSTOMER}`,
        `${CUSTOMER}-${PROVIDER}`,
        `${ROUTE_SERVER}-${ROUTE_SERVER_CLIENT}`,
        `${ROUTE_SERVER_CLIENT}-${ROUTE_SERVER}`,
        `${PEER}-${PEER}`,
      ].sort(),
    );
  });
});
