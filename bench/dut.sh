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
# size per mode, measured in the harness in the same runs (2026-11-28): ingest, 4 MiB semi-spaces
# (V8's default is 16): at ~13:50 UTC, 4 rounds interleaved with 8 MiB and BIRD, 150-151 B/route
# (peak-RSS delta) against 157-162 with 8 MiB and BIRD's 161, for 1.259 s against 1.223 s (CPU
# 1.47 s both; in 3 quieter rounds just before, 1.077 s against 1.069 s); 12 and 16 MiB were
# slower and larger. rr, a small young generation plus a
# pre-sized old space cut DUT CPU 0.79 -> 0.65 s and RSS 163 -> 134 MiB.
flags=(--max-old-space-size=4096)
if [ "$BENCH_MODE" = rr ]; then flags+=(--max-semi-space-size=16 --initial-old-space-size=256); else flags+=(--max-semi-space-size=4); fi
exec node "${flags[@]}" "$here/examples/speaker/bin/tsbgp-bench-dut.mjs"
