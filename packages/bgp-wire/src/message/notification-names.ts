/**
 * The one table of NOTIFICATION code and subcode names, used by logs, the CLI and the docs
 * (IANA "BGP Error (Notification) Codes" and the subcode registries).
 */

interface CodeEntry {
  readonly name: string;
  /** Subcode names; absent for codes that define none (only 0 is then expected). */
  readonly subcodes?: Readonly<Record<number, string>>;
}

/** Codes 1..8 with their subcodes; each entry cites where it is defined. */
const table: Readonly<Record<number, CodeEntry>> = {
  // RFC 4271 §4.5, §6.1.
  1: {
    name: "Message Header Error",
    subcodes: {
      0: "Unspecific",
      1: "Connection Not Synchronized",
      2: "Bad Message Length",
      3: "Bad Message Type",
    },
  },
  // RFC 4271 §6.2; 5 and 8-10 deprecated (RFC 4271 Appendix A, RFC 5492); 7 RFC 5492 §5; 11 RFC 9234 §4.2.
  2: {
    name: "OPEN Message Error",
    subcodes: {
      0: "Unspecific",
      1: "Unsupported Version Number",
      2: "Bad Peer AS",
      3: "Bad BGP Identifier",
      4: "Unsupported Optional Parameter",
      5: "Authentication Failure (deprecated)",
      6: "Unacceptable Hold Time",
      7: "Unsupported Capability",
      8: "Deprecated (8)",
      9: "Deprecated (9)",
      10: "Deprecated (10)",
      11: "Role Mismatch",
    },
  },
  // RFC 4271 §6.3; 7 deprecated (RFC 4271 Appendix A).
  3: {
    name: "UPDATE Message Error",
    subcodes: {
      0: "Unspecific",
      1: "Malformed Attribute List",
      2: "Unrecognized Well-known Attribute",
      3: "Missing Well-known Attribute",
      4: "Attribute Flags Error",
      5: "Attribute Length Error",
      6: "Invalid ORIGIN Attribute",
      7: "AS Routing Loop (deprecated)",
      8: "Invalid NEXT_HOP Attribute",
      9: "Optional Attribute Error",
      10: "Invalid Network Field",
      11: "Malformed AS_PATH",
    },
  },
  // RFC 4271 §6.5: no subcodes.
  4: { name: "Hold Timer Expired" },
  // RFC 6608 §3.
  5: {
    name: "Finite State Machine Error",
    subcodes: {
      0: "Unspecified Error",
      1: "Receive Unexpected Message in OpenSent State",
      2: "Receive Unexpected Message in OpenConfirm State",
      3: "Receive Unexpected Message in Established State",
    },
  },
  // RFC 4486 §4 (1-8), RFC 8203/9003 (text for 2 and 4), RFC 8538 §5 (9), RFC 9384 §4 (10).
  6: {
    name: "Cease",
    subcodes: {
      0: "Unspecific",
      1: "Maximum Number of Prefixes Reached",
      2: "Administrative Shutdown",
      3: "Peer De-configured",
      4: "Administrative Reset",
      5: "Connection Rejected",
      6: "Other Configuration Change",
      7: "Connection Collision Resolution",
      8: "Out of Resources",
      9: "Hard Reset",
      10: "BFD Down",
    },
  },
  // RFC 7313 §5.
  7: { name: "ROUTE-REFRESH Message Error", subcodes: { 0: "Reserved", 1: "Invalid Message Length" } },
  // RFC 9687 §4: no subcodes.
  8: { name: "Send Hold Timer Expired" },
};

/** Name of a NOTIFICATION error code, e.g. `"Cease"`; `"Unknown error code N"` otherwise. */
export function errorCodeName(code: number): string {
  return table[code]?.name ?? `Unknown error code ${code}`;
}

/**
 * Name of a subcode under `code`, e.g. `"Administrative Shutdown"` for (6, 2). Subcode 0 is
 * "Unspecific" (RFC 4271 §4.5) where the code has no subcode table; anything else unknown is
 * `"Unknown subcode N"`.
 */
export function errorSubcodeName(code: number, subcode: number): string {
  const entry = table[code];
  const name = entry?.subcodes?.[subcode];
  if (name !== undefined) return name;
  return subcode === 0 ? "Unspecific" : `Unknown subcode ${subcode}`;
}

/**
 * One-line description of a code/subcode pair, e.g. `"Cease / Administrative Shutdown"`, or
 * just `"Hold Timer Expired"` for a code without subcodes sent with subcode 0.
 */
export function describeNotification(code: number, subcode: number): string {
  const entry = table[code];
  if (entry !== undefined && entry.subcodes === undefined && subcode === 0) return entry.name;
  return `${errorCodeName(code)} / ${errorSubcodeName(code, subcode)}`;
}

/** Every known (code, subcode, description), in order: for documentation and CLI listings. */
export function listNotificationNames(): { code: number; subcode: number; description: string }[] {
  const out: { code: number; subcode: number; description: string }[] = [];
  for (const [k, entry] of Object.entries(table)) {
    const code = Number(k);
    const subs = entry.subcodes ? Object.keys(entry.subcodes).map(Number) : [0];
    for (const subcode of subs) out.push({ code, subcode, description: describeNotification(code, subcode) });
  }
  return out;
}
