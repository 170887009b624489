#!/usr/bin/env bash
# Runs the Duplex benchmarks: bench/run.sh [scenario[,scenario…]|all|quick] [--quick] [--rounds N] [--out FILE]
# Scenarios: idle-mem fanout-small fanout-ladder echo connect-storm fallback reconnect.
# 'quick' (the default) is the ≤ 60 s smoke run: fanout-small + reconnect, one round, exits 1 if Duplex loses
# or duplicates anything. Full runs write BENCHMARKS.md and bench/results/latency.svg at the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
    mvn -B -q -o -N install
    mvn -B -q -o -pl server install -DskipTests
    mvn -B -q -o -f bench/pom.xml package -DskipTests
fi
mkdir -p bench/target
cd bench
exec java -Xms1g -Xmx6g -XX:+UseG1GC -Dbench.root="$root" -cp "$root/bench/target/classes:$root/bench/target/lib/*" dev.duplex.bench.Bench "${@:-quick}"
