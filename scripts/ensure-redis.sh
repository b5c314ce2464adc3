#!/usr/bin/env bash
# Makes sure a Redis answers: REDIS_URL if set, else 127.0.0.1:6379, which is started (no persistence) if down.
set -euo pipefail
if [ -n "${REDIS_URL:-}" ]; then
  redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 || { echo "[redis] REDIS_URL=$REDIS_URL does not answer" >&2; exit 1; }
  exit 0
fi
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then exit 0; fi
command -v redis-server >/dev/null 2>&1 || { echo "[redis] no Redis on 127.0.0.1:6379 and no redis-server; install it with: sudo apt-get install -y redis-server" >&2; exit 1; }
echo "[redis] starting redis-server on 127.0.0.1:6379"
redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >/dev/null
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 0.1; done
echo "[redis] redis-server did not start" >&2; exit 1
