#!/usr/bin/env bash
# tsbgp as the device under test of the shared bench harness (../shared/bench, "Zero-code
# plug-in"): run it as BENCH_CMD. It reads the BENCH_* variables, listens on
# $BENCH_LOCAL_ADDR:179 inside the namespace it is started in, and in `ingest` mode accepts every
# route from its eBGP peer and advertises nothing, in `rr` mode reflects between iBGP clients.
# It keeps $BENCH_WORKDIR/count current with the number of accepted prefixes.
#
#   BENCH_CMD=$PWD/bench/dut.sh BENCH_VERSION="tsbgp $(git rev-parse --short HEAD) (node $(node -v))" \
#     ../shared/bench/run.sh ingest cmd 1000000 --results FILE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${BENCH_MODE:?run me from the bench harness (BENCH_MODE unset)}"
# A 1M-route table needs more than V8's default old space on small machines. Young-generation
# size per mode, measured in the harness in the same runs (2026-11-28): ingest, 1 MiB
# semi-spaces since 19:00 (below; 2 MiB before; V8's default is 16). At 15:24-15:27 UTC, once a
# clean UPDATE no longer made garbage on the receive path, 2 MiB against 4 MiB (the setting
# since ~13:50), interleaved: 0.913 vs 0.948 s and
# 0.905 vs 0.925 s (4 and 5 rounds), DUT CPU 1.085 vs 1.12 and 1.05 vs 1.09 s, peak-RSS
# bytes/route 147-148 vs 152-153 (BIRD: 161); 1 MiB was faster still (0.893 s, CPU 1.00 s) but
# larger (157), 8 MiB larger (160) and no faster. Before that change 4 MiB had beaten 8, 12 and
# 16 MiB on both counts. rr, a small young generation plus a
# pre-sized old space cut DUT CPU 0.79 -> 0.65 s and RSS 163 -> 134 MiB.
# Ingest, a pre-sized old space too (2026-11-28 17:05 UTC): a full table grows the heap from
# ~20 to ~150 MB as it arrives, and with V8's default initial limit that started incremental
# marking and two mark-compacts that found almost nothing to free. Interleaved, 4 rounds each:
# wall 0.710 (default) / 0.692 (192 MB) / 0.664 (256) / 0.639 s (384), DUT CPU 0.855 / 0.72 /
# 0.705 / 0.67 s; the price is garbage kept until later (grown index arrays): peak-RSS bytes per
# route 146 -> 155 (BIRD: 161). The same flag serves any process expected to hold a full table.
# Ingest semi-spaces 2 -> 1 MiB (2026-11-28 19:00 UTC), once the per-prefix records had no
# prototype and the receive path framed into ranges (less young garbage per UPDATE): 4 and 6
# interleaved rounds, wall 0.556 vs 0.603 and 0.610 vs 0.611 s, DUT CPU 0.61 vs 0.63 and 0.635
# vs 0.66 s, peak-RSS bytes per route 154.0 vs 155.3 and 153.6 vs 155.5 (4 MiB: 0.565 s, 0.64 s,
# 160).
flags=(--max-old-space-size=4096)
if [ "$BENCH_MODE" = rr ]; then flags+=(--max-semi-space-size=16 --initial-old-space-size=256); else flags+=(--max-semi-space-size=1 --initial-old-space-size=384); fi
exec node "${flags[@]}" "$here/examples/speaker/bin/tsbgp-bench-dut.mjs"
