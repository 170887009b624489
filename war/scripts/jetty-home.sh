#!/usr/bin/env bash
# Deploys the demo WAR, unchanged, into a stock Jetty 12 distribution (jetty-home) and runs it in the
# foreground on the given port. Proves the WAR needs nothing from its own launcher: Jetty's ee10 deployer
# only ever looks at WEB-INF.
#
# usage: war/scripts/jetty-home.sh [PORT] [WORK_DIR]
#   PORT      HTTP port, default 8081
#   WORK_DIR  where jetty-home is unpacked and jetty.base created, default war/target/jetty-home-run
# env:  JETTY_VERSION (default 12.1.8), WAR (default war/target/duplex-demo.war), MVN (default mvn),
#       MVN_OFFLINE=1 to resolve jetty-home from the local Maven repository only.
# Stop with Ctrl-C (or SIGTERM to the java process). Open http://127.0.0.1:PORT/ for the demo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
war_module="$(dirname "$here")"
port="${1:-8081}"
work="${2:-$war_module/target/jetty-home-run}"
jetty_version="${JETTY_VERSION:-12.1.8}"
war="${WAR:-$war_module/target/duplex-demo.war}"
mvn="${MVN:-mvn}"
offline=()
[[ "${MVN_OFFLINE:-0}" == 1 ]] && offline=(-o)

[[ -f "$war" ]] || { echo "no WAR at $war: run 'mvn -pl war package' first" >&2; exit 1; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
home="$work/jetty-home-$jetty_version"
base="$work/base"

# 1. jetty-home from the Maven repository (the same place the build gets Jetty from).
if [[ ! -x "$home/bin/jetty.sh" && ! -f "$home/start.jar" ]]; then
    echo "fetching org.eclipse.jetty:jetty-home:$jetty_version:tar.gz"
    "$mvn" -B -q "${offline[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
        -Dartifact="org.eclipse.jetty:jetty-home:$jetty_version:tar.gz" \
        -DoutputDirectory="$work" -Dmdep.overWriteReleases=true
fi
[[ -f "$home/start.jar" ]] || { echo "jetty-home did not unpack to $home" >&2; exit 1; }

# 2. A fresh jetty.base: HTTP, the ee10 deployer, and ee10 Jakarta WebSocket. Module names differ between
#    Jetty releases, so check they exist in this jetty-home before asking for them.
modules=(http ee10-deploy ee10-websocket-jakarta)
for m in "${modules[@]}"; do
    [[ -f "$home/modules/$m.mod" ]] || { echo "jetty-home $jetty_version has no module '$m'" >&2; exit 1; }
done
rm -rf "$base"
mkdir -p "$base"
(cd "$base" && java -jar "$home/start.jar" jetty.home="$home" jetty.base="$base" \
    --add-modules="$(IFS=,; echo "${modules[*]}")" --approve-all-licenses)

# 3. The WAR, unchanged, at the context root. Jetty 12.1 deploys from webapps/ for every environment; the
#    environment comes from the base's default (ee10 is the only one enabled here).
mkdir -p "$base/webapps"
cp "$war" "$base/webapps/ROOT.war"

echo "starting Jetty $jetty_version on http://127.0.0.1:$port/ (base $base)"
cd "$base"
exec java -jar "$home/start.jar" jetty.home="$home" jetty.base="$base" jetty.http.port="$port"
