/** Releasing typed-array memory without waiting for a full garbage collection. */
/**
 * Frees a typed array's memory now rather than at the next full collection. The old arrays of a
 * grown hash table have lived long enough to sit in the old generation, so V8 would keep their
 * backing stores (4 MiB of keys for a full table's /24s) until the next mark-compact, which a fast ingest
 * may not reach before it ends: that showed as ~4 bytes a route more peak RSS. Transferring the
 * buffer detaches it; the clone that owns the memory is young garbage, freed by the next
 * scavenge.
 */
export function freeNow(a: Int32Array | Uint8Array): void {
  const b = a.buffer as ArrayBuffer;
  structuredClone(b, { transfer: [b] });
}
