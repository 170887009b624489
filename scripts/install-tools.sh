#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite drives: browsers and their drivers, Xvfb, nginx,
# Tomcat 10 and Node.js. Idempotent: installs only what is missing, and runs apt-get update only then.
# Needs root; as another user it prints the command to run and fails.
set -euo pipefail
pkgs=(nodejs chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth nginx-light tomcat10 openssl)
missing=()
for p in "${pkgs[@]}"; do
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
  # The tomcat10 package starts a system Tomcat on 8080; the tests run their own instances.
  if [[ " ${missing[*]} " == *" tomcat10 "* ]]; then
    systemctl stop tomcat10 2>/dev/null || service tomcat10 stop 2>/dev/null || true
  fi
fi
for f in /usr/bin/node /usr/bin/chromium /usr/bin/chromedriver /usr/bin/firefox-esr /usr/bin/WebKitWebDriver \
         /usr/bin/Xvfb /usr/sbin/nginx /usr/share/tomcat10/bin/catalina.sh; do
  [ -x "$f" ] || { echo "install-tools: missing $f" >&2; exit 1; }
done
echo "install-tools: ready"
