#!/usr/bin/env bash
# Best effort: a Docker daemon for the docker recovery provider's tests. Installs docker.io and busybox-static
# (the test image is built FROM scratch with it; no registry is needed) when apt-get is usable, and starts
# dockerd in the background when none answers. Never fails: where Docker cannot run, it says why and the Docker
# tests skip with that reason. dockerd is started with --bridge=none and no iptables rules, so it never touches
# the host's network (the tests use --network host on loopback addresses only).
set -uo pipefail
say() { printf '\033[1m[setup]\033[0m docker: %s\n' "$*"; }
unavailable() { say "unavailable: $*"; exit 0; }

[ "${CANARYKIT_NO_DOCKER:-}" = 1 ] && unavailable "CANARYKIT_NO_DOCKER=1"

sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo -n"
can_root() { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }

pkgs=()
# The daemon (docker.io also brings a CLI), unless DOCKER_HOST names one elsewhere.
[ -n "${DOCKER_HOST:-}" ] || command -v dockerd >/dev/null 2>&1 || pkgs+=(docker.io)
# A statically linked busybox for the FROM-scratch test image (Debian's plain busybox is dynamically linked).
dpkg -s busybox-static >/dev/null 2>&1 || pkgs+=(busybox-static)
if [ ${#pkgs[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && can_root; then
    say "installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1; then
      $sudo_cmd apt-get update -qq >/dev/null 2>&1
      $sudo_cmd apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 ||
        unavailable "apt-get install ${pkgs[*]} failed"
    fi
  else
    unavailable "missing ${pkgs[*]} and apt-get is not usable here (install them with: sudo apt-get install -y ${pkgs[*]})"
  fi
fi

answers() { timeout 10 docker info >/dev/null 2>&1 || timeout 10 curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; }
if answers; then say "a daemon answers"; exit 0; fi
[ -n "${DOCKER_HOST:-}" ] && unavailable "DOCKER_HOST=$DOCKER_HOST does not answer"
command -v dockerd >/dev/null 2>&1 || unavailable "no dockerd"
can_root || unavailable "no daemon answers and dockerd needs root"

log=/tmp/canarykit-dockerd.log
say "starting dockerd (log: $log)"
# No bridge, no iptables, no masquerading: containers run with --network host only.
$sudo_cmd nohup setsid dockerd --iptables=false --ip-masq=false --bridge=none >"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  answers && { say "dockerd is up"; exit 0; }
  sleep 0.5
done
unavailable "dockerd did not answer within 30 s: $(tail -n 3 "$log" 2>/dev/null | tr '\n' ' ')"
