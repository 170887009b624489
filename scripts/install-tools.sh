#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite drives: browsers and their drivers, Xvfb, nginx,
# Tomcat 10, Node.js and redis-server. Idempotent: installs only what is missing, and runs apt-get update only
# then. With package names as arguments (e.g. `install-tools.sh redis-server`) it sees to those alone.
# Needs root; as another user it prints the command to run and fails.
set -euo pipefail
# Each package, and the file that proves it is usable.
declare -A binaries=(
  [nodejs]=/usr/bin/node [chromium]=/usr/bin/chromium [chromium-driver]=/usr/bin/chromedriver
  [firefox-esr]=/usr/bin/firefox-esr [webkit2gtk-driver]=/usr/bin/WebKitWebDriver [xvfb]=/usr/bin/Xvfb
  [xauth]=/usr/bin/xauth [nginx-light]=/usr/sbin/nginx [tomcat10]=/usr/share/tomcat10/bin/catalina.sh
  [openssl]=/usr/bin/openssl [redis-server]=/usr/bin/redis-server
)
if [ "$#" -gt 0 ]; then
  pkgs=("$@")
else
  pkgs=(nodejs chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth nginx-light tomcat10 openssl
        redis-server)
fi
missing=()
for p in "${pkgs[@]}"; do
  [ -n "${binaries[$p]:-}" ] || { echo "install-tools: unknown package $p" >&2; exit 2; }
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-tools: missing ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "install-tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The tomcat10 and redis-server packages start system services; the tests run their own instances.
  for service in tomcat10 redis-server; do
    if [[ " ${missing[*]} " == *" $service "* ]]; then
      systemctl stop "$service" 2>/dev/null || service "$service" stop 2>/dev/null || true
    fi
  done
fi
for p in "${pkgs[@]}"; do
  [ -x "${binaries[$p]}" ] || [ -f "${binaries[$p]}" ] || { echo "install-tools: missing ${binaries[$p]}" >&2; exit 1; }
done
echo "install-tools: ready"
