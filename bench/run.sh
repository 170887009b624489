#!/usr/bin/env bash
# Runs the Duplex benchmarks: bench/run.sh [scenario[,scenario…]|all|quick] [--quick] [--rounds N] [--out FILE]
#                                         [--peers|--no-peers]
# Scenarios: idle-mem fanout-small fanout-ladder echo connect-storm fallback reconnect bayeux-fanout
#            cluster-fanout cluster-churn (these two start a private redis-server; see bench/README.md).
# Full runs of idle-mem, fanout-small and fanout-ladder also run the peers (CometD 9.0.0, Socket.IO 4.8.4)
# interleaved with Duplex and raw, unless --no-peers; bayeux-fanout is Duplex's Bayeux front door vs CometD.
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
# The Socket.IO peer (full runs of idle-mem, fanout-small, fanout-ladder) runs in node from the committed
# package-lock.json; installed here, never by the Maven build.
peers=yes
case " ${*:-quick} " in
    *" --peers "*) ;;
    *" --no-peers "* | " quick "* | *" --quick "*) peers=no ;;
esac
case "$peers" in
    no) ;;
    yes)
        if ! command -v npm >/dev/null 2>&1; then
            echo "npm not found: apt-get install -y nodejs npm (or pass --no-peers)" >&2
            exit 1
        fi
        if [ ! -d bench/socketio/node_modules ] || [ bench/socketio/package-lock.json -nt bench/socketio/node_modules ]; then
            (cd bench/socketio && npm ci --no-audit --no-fund --loglevel=error)
        fi
        ;;
esac
mkdir -p bench/target
cd bench
# BENCH_JAVA_OPTS adds generator JVM options, e.g. -Dbench.histogram=true (server class histograms in
# bench/target during idle-mem).
exec java ${BENCH_JAVA_OPTS:-} -Xms1g -Xmx6g -XX:+UseG1GC -Dbench.root="$root" -cp "$root/bench/target/classes:$root/bench/target/lib/*" dev.duplex.bench.Bench "${@:-quick}"
