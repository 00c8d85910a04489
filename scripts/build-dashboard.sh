#!/usr/bin/env bash
# `npm run build:dashboard` (and the end of `npm run build`): installs the dashboard's own packages when missing or
# stale (apps/dashboard has its own package.json and lock, apart from the root's), type-checks it and builds it
# with Vite into dist/dashboard, which the gateway serves at /.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
source scripts/lib/setup.sh
install_dashboard_modules
npm run build --prefix apps/dashboard --silent
