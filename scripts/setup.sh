#!/usr/bin/env bash
# One-time set-up of a fresh Debian (bookworm) machine for tsbgp, as root: the reference tools
# and daemons the tests compare against, then the npm workspace, then a build.
# Idempotent: a second run only checks. Used by the README's two commands and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# command -> Debian package that provides it
declare -A pkgs=(
  [bgpdump]=bgpdump [tshark]=tshark [tcpdump]=tcpdump
  [bird]=bird2 [gobgpd]=gobgpd [vtysh]=frr [exabgp]=exabgp
  [ip]=iproute2 [ping]=iputils-ping [bzip2]=bzip2 [setpriv]=util-linux
)
for cmd in "${!pkgs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("${pkgs[$cmd]}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${need_apt[*]}; run this script as root to apt-get install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "setup: apt-get install ${need_apt[*]}"
  apt-get update -q
  # Packaged daemons must not start as services: the tests start their own instances by PID.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/tmp/tsbgp-apt.log 2>&1 \
    || { tail -30 /tmp/tsbgp-apt.log; exit 1; }
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
