/**
 * The kernel nexthop objects route-sync owns: one per distinct (gateway, device, onlink) and one
 * group per distinct ECMP set, created on demand, shared by every route that forwards the same
 * way, marked with our protocol, found again after a restart, and deleted once no route uses
 * them. Routes then name their next hops by id (`RTA_NH_ID`) and the kernel skips the per-route
 * next hop setup and gateway lookup (what FRR's zebra does since 7.3).
 *
 * Anything that cannot be expressed or created as a nexthop object (a gateway that is not on a
 * connected subnet, a duplicate hop, an old kernel) is reported as id 0: the route then goes out
 * as a plain route and gets the kernel's own per-route answer.
 * @module
 */
import {
  type DecodedNexthop,
  decodeNexthop,
  encodeDelNexthop,
  encodeNewNexthop,
  encodeNexthopDump,
  type NexthopGroupMember,
  type NexthopSpec,
} from "../codec/nexthop-codec.js";
import { encodeRouteDump, encodeRouteGet, routeNexthopId } from "../codec/route-codec.js";
import { RouteSyncError } from "../errors.js";
import type { IpFamily } from "../model/ip.js";
import type { Nexthop, NormalizedRoute } from "../model/kernel-route.js";
import { NlmFlags, Rta, RTMSG_LEN, RtmType, RtnType } from "../netlink/constants.js";
import { attrU32, forEachAttr } from "../netlink/nl-reader.js";
import type { RtnlClient } from "../netlink/rtnl-client.js";
import { type AssignWork, decodedOf, groupKey, hopKey, PENDING } from "./nexthop-keys.js";

const EEXIST = 17;
/** errnos meaning "this kernel has no nexthop objects" (EOPNOTSUPP: unknown message type). */
const UNSUPPORTED = new Set([93, 95, 97]); // EPROTONOSUPPORT, EOPNOTSUPP, EAFNOSUPPORT

/** Where our nexthop ids start unless told otherwise: a block of 65,536 per protocol. */
export function defaultNexthopIdBase(protocol: number): number {
  return protocol * 0x1_0000 + 1;
}

/** Nexthop objects of one protocol, over one rtnetlink client. */
export class NexthopTable {
  /** Ours: hop or group key -> id. */
  private readonly byKey = new Map<string, number>();
  /** Ours: id -> key. */
  private readonly keyOf = new Map<number, string>();
  /** Any owner: id -> what it forwards to (fills routes reported with only an id). */
  private readonly described = new Map<number, Nexthop[]>();
  /** Any owner: group id -> members. */
  private readonly groups = new Map<number, readonly NexthopGroupMember[]>();
  /** Ids in use in the kernel, by anyone: never allocated. */
  private readonly taken = new Set<number>();
  /** "family|gateway" -> output device found by a route lookup (0 = not on a connected subnet). */
  private readonly oifs = new Map<string, number>();
  /** Ids our last sweep deleted: their deletion notices are our own echo, not tampering. */
  private readonly swept = new Set<number>();
  /** Ids we created whose creation notice has not come yet (it is our own echo). */
  private readonly created = new Set<number>();
  private loaded = false;
  private nextId: number;
  /** True once the kernel refused nexthop objects: every route then goes out plain. */
  disabled = false;

  constructor(
    private readonly client: RtnlClient,
    private readonly protocol: number,
    private readonly idBase = defaultNexthopIdBase(protocol),
  ) {
    this.nextId = idBase;
  }

  /** Number of nexthop objects we own (as last seen). */
  get size(): number {
    return this.keyOf.size;
  }

  /** Forgets everything; the next use dumps the kernel's nexthop objects again. */
  reset(): void {
    this.loaded = false;
    this.oifs.clear();
  }

  /** Whether `id` is one of ours. */
  owns(id: number): boolean {
    return this.keyOf.has(id);
  }

  /**
   * Whether a change notice for object `id` (a deletion, or a new/replaced object) means someone
   * else changed one of ours. Our own creations and sweeps are not; the notice of each creation
   * is consumed once.
   */
  tampered(id: number, deleted: boolean): boolean {
    // Checked first: the notice of our creation may come before the kernel's ACK has been read.
    if (!deleted && this.created.delete(id)) return false;
    if (!this.keyOf.has(id)) return false;
    return !deleted || !this.swept.has(id);
  }

  /** Forgets the creation notices still owed: none will come (the watch was paused meanwhile). */
  forgetEchoes(): void {
    this.created.clear();
  }

  /** Dumps the kernel's nexthop objects and rebuilds every map from them. */
  async load(): Promise<void> {
    let msgs: Awaited<ReturnType<RtnlClient["dump"]>>;
    try {
      msgs = await this.client.dump(encodeNexthopDump);
    } catch (e) {
      if (e instanceof RouteSyncError && e.errno !== undefined && UNSUPPORTED.has(e.errno)) {
        this.disabled = true;
        this.loaded = true;
        return;
      }
      throw e;
    }
    this.byKey.clear();
    this.keyOf.clear();
    this.described.clear();
    this.groups.clear();
    this.taken.clear();
    const all: DecodedNexthop[] = [];
    for (const m of msgs) {
      if (m.type !== RtmType.NEWNEXTHOP) continue;
      const nh = decodeNexthop(m);
      if (!nh) continue;
      all.push(nh);
      this.taken.add(nh.id);
    }
    for (const nh of all) if (nh.group.length === 0) this.remember(nh);
    for (const nh of all) if (nh.group.length > 0) this.remember(nh);
    this.nextId = this.idBase;
    this.loaded = true;
  }

  private remember(nh: DecodedNexthop): void {
    this.taken.add(nh.id);
    if (nh.group.length > 0) {
      this.groups.set(nh.id, nh.group);
      const hops: Nexthop[] = [];
      const keys: { key: string; weight: number }[] = [];
      for (const m of nh.group) {
        const single = this.described.get(m.id)?.[0];
        if (single) hops.push({ ...single, weight: m.weight });
        const key = this.keyOf.get(m.id);
        if (key) keys.push({ key, weight: m.weight });
      }
      this.described.set(nh.id, hops);
      // A group is ours (reusable) only when it and all its members are.
      if (nh.protocol === this.protocol && keys.length === nh.group.length) this.own(groupKey(keys), nh.id);
      return;
    }
    if (nh.gateway === undefined || nh.family === undefined || nh.blackhole) {
      this.described.set(nh.id, []);
      return;
    }
    const hop: { gateway: string; ifindex?: number; onlink?: boolean } = { gateway: nh.gateway };
    if (nh.ifindex !== undefined) hop.ifindex = nh.ifindex;
    if (nh.onlink) hop.onlink = true;
    this.described.set(nh.id, [hop]);
    if (nh.protocol === this.protocol && nh.ifindex !== undefined) {
      this.own(hopKey(nh.family, nh.gateway, nh.ifindex, nh.onlink), nh.id);
    }
  }

  private own(key: string, id: number): void {
    if (!this.byKey.has(key)) this.byKey.set(key, id);
    this.keyOf.set(id, key);
  }

  /** Next hops of nexthop object `id` (any owner), if known: for routes reported with only an id. */
  describe(id: number): readonly Nexthop[] | undefined {
    return this.described.get(id);
  }

  private allocId(): number {
    while (this.taken.has(this.nextId) || this.nextId === 0) this.nextId = (this.nextId + 1) >>> 0;
    const id = this.nextId;
    this.taken.add(id);
    this.swept.delete(id);
    return id;
  }

  /** Output device of a gateway given without one: the kernel's route lookup (`ip route get`). */
  private async resolveOif(family: IpFamily, gateway: string): Promise<number> {
    try {
      const msgs = await this.client.query((w, seq) => encodeRouteGet(w, family, gateway, seq));
      for (const m of msgs) {
        if (m.type !== RtmType.NEWROUTE || m.payload.length < RTMSG_LEN) continue;
        // Only a directly connected gateway (a unicast route without a gateway of its own) is
        // valid for a gateway next hop; anything else goes out plain for the kernel to judge.
        if (m.payload[7] !== RtnType.UNICAST) return 0;
        let oif = 0;
        let viaGateway = false;
        forEachAttr(m.payload, RTMSG_LEN, (type, v) => {
          if (type === Rta.OIF) oif = attrU32(v);
          else if (type === Rta.GATEWAY || type === Rta.VIA) viaGateway = true;
        });
        return viaGateway ? 0 : oif;
      }
    } catch {
      // ENETUNREACH and the like: the plain route will get the kernel's answer.
    }
    return 0;
  }

  /**
   * For each route (same order), the id of the nexthop object it should name, creating missing
   * objects first; 0 = send it as a plain route (a removal, not eligible, or its object could
   * not be made). One pass over the routes with plain indexed loops: at 10,000 routes in a fresh
   * process this code still runs in the interpreter, where every extra pass costs milliseconds.
   */
  async assign(routes: readonly NormalizedRoute[], kinds: readonly string[]): Promise<Uint32Array> {
    const n = routes.length;
    const ids = new Uint32Array(n);
    if (this.disabled) return ids;
    if (!this.loaded) await this.load();
    if (this.disabled) return ids;
    const work: AssignWork = { hops: new Map(), groups: new Map(), lookups: new Map() };
    const keys: (string | undefined)[] = new Array(n);
    let pending: number[] = [];
    // Routes usually share their next hop with the route before: memoise the last single hop.
    let mGw: string | undefined;
    let mIf: number | undefined;
    let mOnlink: boolean | undefined;
    let mFamily: IpFamily | undefined;
    let mKey: string | undefined;
    const visit = (i: number, later: number[]): void => {
      const r = routes[i]!;
      if (r.kind !== "unicast") return;
      const hops = r.nexthops;
      let k: string | undefined;
      if (hops.length === 1) {
        const h = hops[0]!;
        if (h.gateway !== mGw || h.ifindex !== mIf || h.onlink !== mOnlink || r.prefix.family !== mFamily) {
          mGw = h.gateway;
          mIf = h.ifindex;
          mOnlink = h.onlink;
          mFamily = r.prefix.family;
          mKey = this.hopKeyFor(mFamily, h, work);
        }
        k = mKey;
      } else if (hops.length > 1) k = this.keyFor(r, work);
      if (k === PENDING) later.push(i);
      else keys[i] = k;
    };
    for (let i = 0; i < n; i++) if (kinds[i] !== "remove") visit(i, pending);

    // Devices of gateways given without one: one route lookup per distinct gateway, then the
    // routes that waited for it (a route that still has no device goes out plain).
    if (work.lookups.size > 0) {
      await Promise.all(
        [...work.lookups].map(async ([k, { family, gateway }]) =>
          this.oifs.set(k, await this.resolveOif(family, gateway)),
        ),
      );
      mGw = undefined;
      const again = pending;
      pending = [];
      for (const i of again) visit(i, pending);
    }

    // Create the single objects, then the groups made of them.
    await this.create([...work.hops]);
    const groupSpecs: [string, (id: number) => NexthopSpec][] = [];
    for (const [gk, members] of work.groups) {
      const memberIds = members.map((m) => this.byKey.get(m.key));
      if (memberIds.some((id) => id === undefined)) continue;
      const list = members.map((m, k) => ({ id: memberIds[k]!, weight: m.weight }));
      groupSpecs.push([gk, (id) => ({ kind: "group", id, members: list, protocol: this.protocol })]);
    }
    await this.create(groupSpecs);

    let lastKey: string | undefined;
    let lastId = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (k === undefined) continue;
      if (k !== lastKey) {
        lastKey = k;
        lastId = this.byKey.get(k) ?? 0;
      }
      ids[i] = lastId;
    }
    return ids;
  }

  /** Key of a gateway hop's object (registering it for creation), undefined if it cannot have one. */
  private hopKeyFor(family: IpFamily, h: Nexthop, work: AssignWork): string | undefined {
    if (h.gateway === undefined) return undefined;
    let ifindex = h.ifindex;
    if (ifindex === undefined) {
      const fg = `${family}|${h.gateway}`;
      ifindex = this.oifs.get(fg);
      if (ifindex === undefined) {
        work.lookups.set(fg, { family, gateway: h.gateway });
        return PENDING;
      }
    }
    if (ifindex === 0) return undefined; // not on a connected subnet: the kernel judges it plain
    const onlink = h.onlink === true;
    const key = hopKey(family, h.gateway, ifindex, onlink);
    if (!this.byKey.has(key) && !work.hops.has(key)) {
      const gateway = h.gateway;
      const protocol = this.protocol;
      work.hops.set(key, (id) => ({ kind: "gateway", id, family, gateway, ifindex, onlink, protocol }));
    }
    return key;
  }

  /** Key of a route's object: its single hop's, or a group of all its hops (every one a gateway). */
  private keyFor(r: NormalizedRoute, work: AssignWork): string | undefined {
    const family = r.prefix.family;
    if (r.nexthops.length === 1) return this.hopKeyFor(family, r.nexthops[0]!, work);
    const members: { key: string; weight: number }[] = [];
    let pending = false;
    for (const h of r.nexthops) {
      const key = this.hopKeyFor(family, h, work);
      if (key === undefined) return undefined;
      if (key === PENDING) pending = true;
      else members.push({ key, weight: h.weight ?? 1 });
    }
    if (pending) return PENDING;
    const gk = groupKey(members);
    if (!this.byKey.has(gk)) work.groups.set(gk, members);
    return gk;
  }

  /** Creates objects (CREATE|EXCL: never overwrite anyone's); an id taken meanwhile is skipped. */
  private async create(specs: [string, (id: number) => NexthopSpec][]): Promise<void> {
    let pending = specs;
    for (let attempt = 0; attempt < 4 && pending.length > 0 && !this.disabled; attempt++) {
      const built = pending.map(([key, make]) => ({ key, make, spec: make(this.allocId()) }));
      // Expect each creation's notice before sending: it can overtake the ACK.
      for (const b of built) this.created.add(b.spec.id);
      const errnos = await this.client.batch(
        built.map(
          (b) => (w, seq, ack) => encodeNewNexthop(w, b.spec, NlmFlags.CREATE | NlmFlags.EXCL | ack, seq),
        ),
      );
      pending = [];
      built.forEach((b, k) => {
        const errno = errnos[k]!;
        if (errno === 0) {
          this.remember(decodedOf(b.spec));
          return;
        }
        this.created.delete(b.spec.id); // refused: no notice will come
        if (errno === EEXIST) pending.push([b.key, b.make]);
        else if (UNSUPPORTED.has(errno)) this.disabled = true;
        // Any other errno: the routes using it go out plain and get the kernel's own answer.
      });
    }
  }

  /**
   * Deletes our nexthop objects that no route uses (any table, any owner, including as a group
   * member). Returns how many were deleted. The caller serialises this with its own batches.
   */
  async collect(): Promise<number> {
    if (this.disabled) return 0;
    const inUse = new Set<number>();
    for (const m of await this.client.dump((w, seq) => encodeRouteDump(w, 0, seq))) {
      if (m.type !== RtmType.NEWROUTE) continue;
      const id = routeNexthopId(m);
      if (id !== 0) inUse.add(id);
    }
    await this.load(); // the kernel's current objects, not our memory of them
    if (this.disabled) return 0;
    const doomed = [...this.keyOf.keys()].filter((id) => !inUse.has(id));
    const doomedSet = new Set(doomed);
    // A member of any group that stays is in use by that group.
    for (const [gid, members] of this.groups) {
      if (doomedSet.has(gid)) continue;
      for (const m of members) doomedSet.delete(m.id);
    }
    // Groups first: deleting a member first would rewrite the group.
    const order = [...doomedSet].sort((a, b) => Number(this.groups.has(b)) - Number(this.groups.has(a)));
    if (order.length === 0) return 0;
    this.swept.clear();
    for (const id of order) this.swept.add(id);
    const errnos = await this.client.batch(
      order.map((id) => (w, seq, ack) => encodeDelNexthop(w, id, ack, seq)),
    );
    const deleted = errnos.filter((errno) => errno === 0).length;
    await this.load();
    return deleted;
  }
}
