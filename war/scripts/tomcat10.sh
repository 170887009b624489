#!/usr/bin/env bash
# Deploys the demo WAR, unchanged, into Apache Tomcat 10.1 (Jakarta EE 10) from the distribution's
# tomcat10 package, in a private CATALINA_BASE with its own port, and runs it in the foreground.
#
# usage: war/scripts/tomcat10.sh [PORT] [CATALINA_BASE]
#   PORT           HTTP port, default 8082 (the shutdown port is disabled)
#   CATALINA_BASE  default war/target/tomcat10-base; recreated on every run
# env:  CATALINA_HOME (default /usr/share/tomcat10), WAR (default war/target/duplex-demo.war),
#       INSTALL=1 to apt-get install tomcat10 when it is missing (needs root).
# Stop with Ctrl-C. Open http://127.0.0.1:PORT/ for the demo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
war_module="$(dirname "$here")"
port="${1:-8082}"
base="${2:-$war_module/target/tomcat10-base}"
home="${CATALINA_HOME:-/usr/share/tomcat10}"
war="${WAR:-$war_module/target/duplex-demo.war}"

[[ -f "$war" ]] || { echo "no WAR at $war: run 'mvn -pl war package' first" >&2; exit 1; }

if [[ ! -x "$home/bin/catalina.sh" ]]; then
    if [[ "${INSTALL:-0}" == 1 ]]; then
        sudo=""
        [[ "$(id -u)" == 0 ]] || sudo="sudo"
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends tomcat10
    else
        echo "no Tomcat at $home: set CATALINA_HOME, or INSTALL=1 to apt-get install tomcat10" >&2
        exit 1
    fi
fi

# A private CATALINA_BASE: our own server.xml and port; the package's conf/ supplies the rest.
rm -rf "$base"
mkdir -p "$base"/{conf,logs,temp,webapps,work}
base="$(cd "$base" && pwd)"
# The stock configuration: conf/ in an upstream tarball, etc/ (or /etc/tomcat10) in the Debian package.
conf_src=""
for d in "$home/conf" "$home/etc" /etc/tomcat10; do
    if [[ -f "$d/web.xml" ]]; then conf_src="$d"; break; fi
done
[[ -n "$conf_src" ]] || { echo "no Tomcat conf/web.xml under $home or /etc/tomcat10" >&2; exit 1; }
for f in web.xml context.xml catalina.properties logging.properties tomcat-users.xml; do
    [[ -f "$conf_src/$f" ]] && cp "$conf_src/$f" "$base/conf/"
done
# Debian's catalina.properties may point common.loader at /var/lib/tomcat10; keep the home's jars only.
if [[ -f "$base/conf/catalina.properties" ]]; then
    sed -i 's#^common.loader=.*#common.loader="${catalina.base}/lib","${catalina.base}/lib/*.jar","${catalina.home}/lib","${catalina.home}/lib/*.jar"#' \
        "$base/conf/catalina.properties"
fi
cat > "$base/conf/server.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
  <Service name="Catalina">
    <Connector port="$port" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
XML

# The WAR, unchanged, at the context root.
cp "$war" "$base/webapps/ROOT.war"

echo "starting Tomcat ($home) on http://127.0.0.1:$port/ (base $base)"
export CATALINA_HOME="$home" CATALINA_BASE="$base" CATALINA_TMPDIR="$base/temp"
exec "$home/bin/catalina.sh" run
