/**
 * `bgpdump -m` one-line output (bgpdump 1.6.2), record by record. Line layouts:
 * ```
 * TABLE_DUMP|time|B|peer|peer_as|prefix|as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * TABLE_DUMP2[_AP]|time|B|peer|peer_as|prefix|[path_id|]as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * BGP4MP[_ET][_LOCAL][_AP]|time|A|peer|peer_as|prefix|[path_id|]as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * BGP4MP[_ET][_LOCAL][_AP]|time|W|peer|peer_as|prefix[|path_id]
 * BGP4MP[_ET]|time|STATE|peer|peer_as|old_state|new_state
 * ```
 * Only UPDATEs and state changes print lines; `_ET` records print `seconds.microseconds`.
 */
import type {
  Bgp4mpMessageRecord,
  Bgp4mpStateChangeRecord,
  MrtRecord,
  RibRecord,
  TableDumpRecord,
} from "../mrt/types.js";
import type { IpAddress } from "../types/address.js";
import { readBgpdumpAttrs } from "./bgpdump-attrs.js";
import { fmtIpv6 } from "./bgpdump-ip.js";
import { prefixListPool } from "./bgpdump-prefixes.js";
import { RibLines } from "./bgpdump-rib.js";
import { BgpdumpStream } from "./bgpdump-stream.js";
import { ribNextHop, writeTail } from "./bgpdump-tail.js";
import { type Bgp4mpFields, emptyBgp4mpFields, writeUpdateLines } from "./bgpdump-update.js";
import type { AsciiOutput } from "./output.js";

/** The attribute block of the TABLE_DUMP record being formatted (one object reused for all). */
const entryStream = new BgpdumpStream(new Uint8Array(0), 0, 0);

const PIPE = 124;
const NL = 10;

function writeIp(out: AsciiOutput, a: IpAddress): void {
  if (a.afi === 1) out.ipv4(a.addr);
  else out.str(fmtIpv6(a.addr));
}

function time(out: AsciiOutput, h: { readonly timestamp: number; readonly microseconds?: number }): void {
  out.num(h.timestamp);
  if (h.microseconds !== undefined) {
    out.ch(46);
    out.str(String(h.microseconds).padStart(6, "0"));
  }
}

/** Writes MRT records as `bgpdump -m` lines; keeps the PEER_INDEX_TABLE between records. */
export class BgpdumpFormatter {
  /** RIB line state (peer table, caches), shared with the raw-bytes fast path. */
  readonly ribLines = new RibLines();
  /** Fields of the BGP4MP record being formatted (reused). */
  private readonly fields: Bgp4mpFields = emptyBgp4mpFields();

  /** Writes the lines of one record (none for records bgpdump prints nothing for). */
  format(rec: MrtRecord, out: AsciiOutput): void {
    switch (rec.type) {
      case "TABLE_DUMP":
        this.tableDump(rec, out);
        return;
      case "PEER_INDEX_TABLE":
        this.ribLines.setPeers(rec.peers);
        return;
      case "RIB":
        this.rib(rec, out);
        return;
      case "BGP4MP_MESSAGE":
        this.message(rec, out);
        return;
      case "BGP4MP_STATE_CHANGE":
        this.stateChange(rec, out);
        return;
      case "RIB_GENERIC":
      case "UNKNOWN":
        return;
      default: {
        const never: never = rec;
        throw new Error(`unhandled record ${(never as MrtRecord).type}`);
      }
    }
  }

  private tableDump(rec: TableDumpRecord, out: AsciiOutput): void {
    prefixListPool.reset();
    const a = readBgpdumpAttrs(entryStream.reset(rec.attributes, 0, rec.attributes.length), 2, false);
    out.str("TABLE_DUMP|");
    out.num(rec.header.timestamp);
    out.str("|B|");
    writeIp(out, rec.peerIp);
    out.ch(PIPE);
    out.num(rec.peerAs);
    out.ch(PIPE);
    writeIp(out, rec.prefix);
    out.ch(47);
    out.num(rec.prefix.len);
    out.ch(PIPE);
    writeTail(out, a, ribNextHop(a), false);
  }

  private rib(rec: RibRecord, out: AsciiOutput): void {
    // bgpdump handles only the unicast RIB subtypes (2, 4 and their ADD-PATH forms 8, 10).
    if (rec.safi !== 1) return;
    const p = rec.prefix;
    const lines = this.ribLines;
    lines.begin(out, rec.header.timestamp, rec.addPath, p.afi, p.addr, p.len);
    for (const e of rec.entries) {
      lines.entry(out, e.peerIndex, e.pathId ?? 0, e.attributes, 0, e.attributes.length);
    }
  }

  private stateChange(rec: Bgp4mpStateChangeRecord, out: AsciiOutput): void {
    // bgpdump drops state changes whose length is not exactly the RFC 6396 §4.4.1 size.
    const len = rec.header.length;
    if (rec.afi === 1 ? len !== 20 && len !== 24 : len !== 44 && len !== 48) return;
    out.str(rec.header.microseconds !== undefined ? "BGP4MP_ET|" : "BGP4MP|");
    time(out, rec.header);
    out.str("|STATE|");
    writeIp(out, rec.peerIp);
    out.ch(PIPE);
    out.num(rec.peerAs);
    out.ch(PIPE);
    out.num(rec.oldState);
    out.ch(PIPE);
    out.num(rec.newState);
    out.ch(NL);
  }

  private message(rec: Bgp4mpMessageRecord, out: AsciiOutput): void {
    const f = this.fields;
    f.timestamp = rec.header.timestamp;
    f.microseconds = rec.header.microseconds ?? -1;
    f.local = rec.local;
    f.addPath = rec.addPath;
    f.as4 = rec.as4;
    f.peerAs = rec.peerAs;
    const ip = rec.peerIp;
    if (ip.afi === 1) {
      f.peerAfi = 1;
      f.peerV4 = ip.addr;
    } else {
      f.peerAfi = 2;
      f.peerBytes = ip.addr;
      f.peerAt = 0;
    }
    writeUpdateLines(out, f, rec.message);
  }
}
