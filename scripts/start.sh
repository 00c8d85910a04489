#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, then runs every Relais process on embedded defaults until Ctrl-C
# (scripts/supervisor/main.js: a local redis-server unless REDIS_URL is set, the gateway, the scheduler and every
# worker app, with prefixed logs). Run it again at any time: the data under ./data (or RELAIS_DATA_DIR) is kept.
#
# From a fresh clone on Debian, as root, it first puts the Node.js release of .nvmrc first on PATH
# (use_supported_node), installs redis-server with apt-get (when REDIS_URL is unset and it is missing),
# node_modules with `npm ci` (when missing or older than package-lock.json), and builds dist/ (when missing or
# older than the sources). RELAIS_START_SKIP_INSTALL=1 skips all four (the tests use it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
source scripts/lib/setup.sh

# REDIS_URL from the environment or from .env (the apps read .env too): then no local Redis is needed.
redis_url_configured() {
  [ -n "${REDIS_URL:-}" ] && return 0
  [ -f .env ] && grep -Eq '^[[:space:]]*REDIS_URL=[^[:space:]#]' .env
}

install_redis_server() {
  redis_url_configured && return 0
  command -v redis-server >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis-server is missing: install it (sudo apt-get install redis-server) or set REDIS_URL." >&2
    return 1
  fi
  install_debian_packages redis-server
}

# tsc rewrites every output file, so the gateway's entry point is as old as the last build.
# The dashboard (apps/dashboard, built into dist/dashboard) counts too; its node_modules do not.
build_if_stale() {
  local built=dist/apps/gateway/src/main.js
  if [ -f "$built" ] && [ -f dist/dashboard/index.html ] && [ -z "$(find apps libs domains tsconfig.json tsconfig.build.json \
    package-lock.json -path apps/dashboard/node_modules -prune -o -newer "$built" \
    \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) ! -name '*.spec.ts' \
    -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "Building dist/ (npm run build: TypeScript and the dashboard, about a minute; it prints nothing until it is done)..."
  with_progress "building dist/" npm run build --silent
}

if [ -z "${RELAIS_START_SKIP_INSTALL:-}" ]; then
  use_supported_node
  install_redis_server
  install_node_modules
  build_if_stale
fi

exec node scripts/supervisor/main.js
