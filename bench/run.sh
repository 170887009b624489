#!/usr/bin/env bash
# Runs the Duplex benchmarks: bench/run.sh [scenario[,scenario…]|all|quick] [--quick] [--rounds N] [--out FILE]
# Scenarios: idle-mem fanout-small fanout-ladder echo connect-storm fallback reconnect.
# 'quick' (the default) is the ≤ 60 s smoke run: fanout-small + reconnect, one round, exits 1 if Duplex loses
# or duplicates anything. Full runs write BENCHMARKS.md and bench/results/latency.svg at the repository root.
# BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
    # A reactor build: the bench gets this checkout's server jar without installing SNAPSHOTs into ~/.m2,
    # which other checkouts on the machine share.
    mvn -B -q -o -Pbench -pl bench -am package -DskipTests
fi
mkdir -p bench/target
cd bench
# BENCH_JAVA_OPTS adds generator JVM options, e.g. -Dbench.histogram=true (server class histograms in
# bench/target during idle-mem).
exec java ${BENCH_JAVA_OPTS:-} -Xms1g -Xmx6g -XX:+UseG1GC -Dbench.root="$root" -cp "$root/bench/target/classes:$root/bench/target/lib/*" dev.duplex.bench.Bench "${@:-quick}"
