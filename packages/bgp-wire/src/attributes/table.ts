/**
 * The attribute table: every modelled path attribute, indexed by type code (BIRD's
 * `bgp_attr_table`). Decoding, encoding, flag checks and RFC 7606 actions all read from here.
 */
import { aggregatorAttr, as4AggregatorAttr, as4PathAttr, asPathAttr } from "./as-path.js";
import {
  atomicAggregateAttr,
  localPrefAttr,
  medAttr,
  nextHopAttr,
  originAttr,
  originatorIdAttr,
} from "./basic.js";
import type { AttrDescriptor } from "./descriptor.js";
import { clusterListAttr, communitiesAttr, extendedCommunitiesAttr, largeCommunitiesAttr } from "./lists.js";
import { mpReachAttr, mpUnreachAttr } from "./mp-nlri.js";

/** Every modelled attribute, in ascending type order (the canonical encoding order). */
export const ATTRIBUTE_DESCRIPTORS: readonly AttrDescriptor[] = [
  originAttr,
  asPathAttr,
  nextHopAttr,
  medAttr,
  localPrefAttr,
  atomicAggregateAttr,
  aggregatorAttr,
  communitiesAttr,
  originatorIdAttr,
  clusterListAttr,
  mpReachAttr,
  mpUnreachAttr,
  extendedCommunitiesAttr,
  as4PathAttr,
  as4AggregatorAttr,
  largeCommunitiesAttr,
];

const byType: (AttrDescriptor | undefined)[] = new Array(256).fill(undefined);
for (const d of ATTRIBUTE_DESCRIPTORS) byType[d.type] = d;

/** The descriptor of a type code, or undefined for an attribute the codec keeps raw. */
export function attributeDescriptor(type: number): AttrDescriptor | undefined {
  return byType[type];
}
