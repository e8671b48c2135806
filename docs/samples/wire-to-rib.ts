/**
 * The layers without sockets: bytes decoded by bgp-wire, routes chosen by the RIB, and the
 * UPDATEs the RIB builds for a peer group encoded back to bytes. No FSM, no kernel.
 */
import {
  ASN4_CONTEXT,
  decodeMessage,
  decodeUpdateBody,
  encodeMessage,
  formatPrefix,
  Origin,
  parsePrefix,
} from "@tsbgp/bgp-wire";
import { AdjRibOut, asPathText, Rib } from "@tsbgp/rib";

// An UPDATE as it would arrive from the socket: two prefixes sharing one attribute set.
const bytes = encodeMessage(
  {
    type: "UPDATE",
    withdrawn: [],
    attributes: {
      origin: Origin.IGP,
      asPath: [{ type: 2, asns: [65010] }],
      nextHop: { afi: 1, addr: 0xc6120001 },
    },
    nlri: [{ prefix: parsePrefix("198.51.100.0/24") }, { prefix: parsePrefix("203.0.113.0/24") }],
  },
  ASN4_CONTEXT,
);
const update = decodeUpdateBody(bytes.subarray(19), ASN4_CONTEXT, 19); // after the 19-byte header
// Zero-copy: the decoded sections are views of `bytes`, not copies.
console.log(`attribute bytes alias the input: ${update.attributeBytes.buffer === bytes.buffer}`);

const rib = new Rib({ asn: 65000, routerId: 0xc6120064, schedule: null }); // null: we call flush()
const upstream = rib.addPeer({ address: { afi: 1, addr: 0xc6120001 }, asn: 65010, routerId: 1 });
const client = rib.addPeer({
  address: { afi: 1, addr: 0xc6120002 },
  asn: 65000,
  routerId: 2,
  rrClient: true,
});
const clients = new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true });
clients.addMember(client);

rib.applyUpdate(upstream, update);
bytes.fill(0); // the RIB copied what it keeps: the receive buffer may be reused now
for (const c of rib.flush()) {
  console.log(`${c.op} ${formatPrefix(c.prefix)} as-path [${asPathText(c.best?.attrs.asPath)}]`);
}
// One interned attribute set: both prefixes leave in one UPDATE, encoded once per group.
const out = clients.flush().encodedFor(client, ASN4_CONTEXT);
const sent = out.map((b) => decodeMessage(b, ASN4_CONTEXT));
for (const m of sent)
  if (m.type === "UPDATE") console.log(`to client: ${m.nlri.map((n) => formatPrefix(n.prefix)).join(", ")}`);
