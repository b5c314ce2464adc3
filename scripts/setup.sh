#!/usr/bin/env bash
# Sets up a fresh clone: system packages (Chromium, redis-server, dig, BIND 9, AWS CLI, Prometheus), npm dependencies, and a reachable Redis.
# Idempotent: re-running it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is required (found: $(node -v 2>/dev/null || echo none)). Install it from https://nodejs.org or your package manager."

chrome_found() {
  [ -n "${CHROME_PATH:-}" ] && [ -x "${CHROME_PATH}" ] && return 0
  for p in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable /usr/bin/google-chrome; do [ -x "$p" ] && return 0; done
  return 1
}

missing=()
chrome_found || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v dig >/dev/null 2>&1 || missing+=(dnsutils)
# BIND 9 for the rfc2136 provider's tests (named, started by the tests on a loopback port) and tsig-keygen.
[ -x /usr/sbin/named ] || command -v named >/dev/null 2>&1 || missing+=(bind9)
command -v tsig-keygen >/dev/null 2>&1 || missing+=(bind9-utils)
# Debian's AWS CLI v2 (/usr/bin/aws, whatever else is on PATH) and Prometheus: the AWS endpoint's and the metric
# streams' tests drive the real clients and a real remote-write receiver.
[ -x /usr/bin/aws ] || missing+=(awscli)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get install -y ${missing[*]}"
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo -n"
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq || die "apt-get update failed; install the packages by hand: $cmd"
    $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install failed; run: sudo $cmd"
  else
    die "missing system packages: ${missing[*]}. Install them with: sudo $cmd"
  fi
fi

# npm dependencies; Puppeteer's own browser download is never used (we drive the system Chromium).
export PUPPETEER_SKIP_DOWNLOAD=1
stamp=node_modules/.canarykit-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

bash scripts/ensure-redis.sh
bash scripts/ensure-docker.sh
say "ready"
