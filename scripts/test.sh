#!/usr/bin/env bash
# Runs every test of the repository, once on SQLite and once on MariaDB, as CI does (`npm test`).
#
#   npm test                      everything, both databases
#   npm test -- test/foo -t name  extra arguments go to Jest
#   TEST_DBS=sqlite npm test      only the listed databases (sqlite, mariadb; space- or comma-separated)
#   TEST_PARALLEL=0 npm test      one database after the other (by default they run side by side)
#
# From a fresh clone on Debian it first installs what is missing: redis-server and MariaDB with apt-get (as
# root), node_modules with `npm ci`. Jest's usual output streams to the console; the last line is always
# `tests: N passed, M failed` over every run (Jest on each database, plus the dashboard's Vitest unit tests), and the
# exit code is 0 only when M is 0.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=lib/setup.sh
source scripts/lib/setup.sh

summary() {
  echo "tests: $1 passed, $2 failed"
  if [ "$2" -eq 0 ]; then exit 0; fi
  exit 1
}

IFS=', ' read -r -a databases <<<"${TEST_DBS:-sqlite mariadb}"
for database in "${databases[@]}"; do
  case "$database" in
    sqlite | mariadb) ;;
    *)
      echo "TEST_DBS: unknown database '$database' (use sqlite and/or mariadb)" >&2
      summary 0 1
      ;;
  esac
done

install_system_packages() {
  local packages
  mapfile -t packages < <(missing_system_packages "${databases[@]}")
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${packages[*]} — install them (sudo apt-get install ${packages[*]}) or run as root." >&2
    return 1
  fi
  install_debian_packages "${packages[@]}"
}

use_supported_node || summary 0 1
install_system_packages || summary 0 1
install_node_modules || summary 0 1

# Counts one Jest run from its --json output: a suite that failed without a failed test (it did not load, or a
# hook failed) counts as one failed test, and so does a run that failed without saying why (no tests found,
# globalSetup failed).
count_results() {
  node -e '
    const fs = require("node:fs");
    const [file, exitCode] = process.argv.slice(1);
    let passed = 0;
    let failed = 0;
    if (fs.existsSync(file)) {
      for (const suite of JSON.parse(fs.readFileSync(file, "utf8")).testResults) {
        const statuses = suite.assertionResults.map((test) => test.status);
        const failedTests = statuses.filter((status) => status === "failed").length;
        passed += statuses.filter((status) => status === "passed").length;
        failed += suite.status === "failed" ? Math.max(failedTests, 1) : failedTests;
      }
    }
    if (Number(exitCode) !== 0 && failed === 0) failed = 1;
    console.log(passed, failed);
  ' "$1" "$2"
}

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# One Jest run on one database; its counts go to $results/<database>.counts. Each run starts its own Redis and
# MariaDB on free ports (test/support/global-setup.ts), so runs on two databases share nothing but dist/.
run_jest_on() {
  local database=$1 started=$SECONDS exit_code skip_independent=0 extra=()
  shift
  # Suites that do not depend on the database run on the first one only (test/support/database-independent-suites.js);
  # a later pass may then find nothing to run, which is not a failure.
  if [ ${#databases[@]} -gt 1 ] && [ "$database" != "${databases[0]}" ]; then
    skip_independent=1
    extra=(--passWithNoTests)
  fi
  # --forceExit: a test that leaks a handle must not hang CI; Jest still reports it.
  TEST_DB=$database TEST_SKIP_DATABASE_INDEPENDENT=$skip_independent node_modules/.bin/jest --runInBand --forceExit --json --outputFile="$results/$database.json" \
    "${extra[@]}" "$@"
  exit_code=$?
  read -r passed failed < <(count_results "$results/$database.json" "$exit_code")
  echo "$passed $failed" >"$results/$database.counts"
  echo "=== $database: $passed passed, $failed failed in $((SECONDS - started)) s"
}

# Both databases at once unless TEST_PARALLEL=0: most of a run is waiting (on Redis, a database, a child
# process, a timer), so two runs side by side take little more than the longer one. The first database streams
# to the console; the others are printed whole when they end, so their lines never interleave.
if [ ${#databases[@]} -gt 1 ] && [ "${TEST_PARALLEL:-1}" != 0 ]; then
  for database in "${databases[@]:1}"; do
    run_jest_on "$database" "$@" >"$results/$database.log" 2>&1 &
  done
  echo
  echo "=== Jest on ${databases[0]} (and on ${databases[*]:1} beside it, printed when it ends)"
  run_jest_on "${databases[0]}" "$@"
  wait
  for database in "${databases[@]:1}"; do
    echo
    echo "=== Jest on $database"
    cat "$results/$database.log"
  done
else
  for database in "${databases[@]}"; do
    echo
    echo "=== Jest on $database"
    run_jest_on "$database" "$@"
  done
fi

total_passed=0
total_failed=0
for database in "${databases[@]}"; do
  read -r passed failed <"$results/$database.counts" 2>/dev/null || { passed=0; failed=1; }
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
done

# The dashboard's unit tests (Vitest, apps/dashboard/src/**/*.spec.ts), once: they touch no database. Run with
# everything, or when the arguments name the dashboard; their counts join the total.
run_dashboard_unit_tests() {
  [ $# -eq 0 ] && return 0
  local argument
  for argument in "$@"; do [[ "$argument" == *dashboard* ]] && return 0; done
  return 1
}
if run_dashboard_unit_tests "$@"; then
  echo
  echo "=== Vitest (apps/dashboard)"
  started=$SECONDS
  (cd apps/dashboard && node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json")
  exit_code=$?
  read -r passed failed < <(node -e '
    const fs = require("node:fs");
    const [file, exitCode] = process.argv.slice(1);
    const report = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { numPassedTests: 0, numFailedTests: 0 };
    let failed = report.numFailedTests;
    if (Number(exitCode) !== 0 && failed === 0) failed = 1;
    console.log(report.numPassedTests, failed);
  ' "$results/vitest.json" "$exit_code")
  echo "=== vitest: $passed passed, $failed failed in $((SECONDS - started)) s"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
fi
summary "$total_passed" "$total_failed"
