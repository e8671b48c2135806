/**
 * Reading the fields the UPDATE tests need out of tshark's JSON tree (`tshark -T json`), where
 * a repeated field is a list, a single one a value, and `--no-duplicate-keys` merges siblings.
 */

/** A tshark tree node. */
export type Tree = { [key: string]: unknown };

/** One value or a list of them, as a list. */
export function many<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Every object under `node` (at any depth) that has the key `key`. */
export function findAll(node: unknown, key: string): Tree[] {
  const out: Tree[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n !== null && typeof n === "object") {
      const t = n as Tree;
      if (key in t) out.push(t);
      for (const v of Object.values(t)) visit(v);
    }
  };
  visit(node);
  return out;
}

/** The path attribute nodes, in wire order. */
export function pathAttributes(decoded: Tree): Tree[] {
  const attrs = decoded["bgp.update.path_attributes"] as Tree | undefined;
  return many(attrs?.["bgp.update.path_attribute"] as Tree | Tree[] | undefined);
}

/** `"<prefix>/<len>"` (plus `#<pathId>`) of every prefix node carrying `prefixKey` under `node`. */
export function prefixes(node: unknown, prefixKey: string): string[] {
  return findAll(node, prefixKey).flatMap((t) => {
    const p = many(t[prefixKey] as string | string[]);
    const l = many(t["bgp.prefix_length"] as string | string[]);
    const id = many(t["bgp.nlri_path_id"] as string | string[]);
    return p.map((x, i) => `${x}/${l[i]}${id[i] !== undefined ? `#${id[i]}` : ""}`);
  });
}

/** True if tshark flagged anything in the message as malformed. */
export function isMalformed(decoded: Tree): boolean {
  return JSON.stringify(decoded).includes("_ws.malformed");
}

/** The AS width tshark used for AS_PATH (type 2): 4 if it printed `as4` numbers, else 2. */
export function asPathWidth(decoded: Tree): 2 | 4 {
  const asPath = pathAttributes(decoded).find((a) => a["bgp.update.path_attribute.type_code"] === "2");
  return asPath && findAll(asPath, "bgp.update.path_attribute.as_path_segment.as4").length > 0 ? 4 : 2;
}
