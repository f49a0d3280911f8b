#!/usr/bin/env bash
# npm test: lint and type-check, then unit and integration suites on SQLite, the integration suites again on MariaDB
# when TEST_DATABASE_URL is given, the Galera cluster suite when galera-4 and haproxy are installed (as root), and the
# browser suite when Chromium is installed. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0; failed=0; status=0
log=$(mktemp)

suite() { # name, env..., -- mocha args...
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  echo "== $name"
  env "${envs[@]}" npx mocha --reporter dot "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -Eo '[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then status=1; [ "$f" -eq 0 ] && failed=$((failed + 1)); fi
}

echo "== lint (ESLint, then Prettier; \`npm run format\` rewrites what Prettier lists)"
if ! npm run --silent lint; then echo "lint failed"; status=1; failed=$((failed + 1)); fi

echo "== type check"
if ! npx tsc --noEmit -p .; then echo "type check failed"; status=1; failed=$((failed + 1)); fi

suite "unit" TEST_DB=sqlite -- 'test/unit/**/*.test.ts'
suite "integration on SQLite" TEST_DB=sqlite TEST_APP_EAGER=1 -- 'test/integration/**/*.test.ts'

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  suite "integration on MariaDB" TEST_DB=mysql TEST_APP_EAGER=1 "TEST_DATABASE_URL=$TEST_DATABASE_URL" -- 'test/integration/**/*.test.ts'
else
  echo "== MariaDB: SKIPPED — set TEST_DATABASE_URL=mysql://user:pass@127.0.0.1:3306/db to run the integration suites on MariaDB (.ci/run does)"
fi

# The Galera cluster (bench/cluster/cluster.sh): three nodes, HAProxy and three instances started by the tests.
# mysqld runs as the `mysql` user, so the tests need root (CI is root) or a user that can run it.
if ls test/cluster/*.test.ts >/dev/null 2>&1; then
  if [ -e /usr/lib/galera/libgalera_smm.so ] && command -v haproxy >/dev/null && command -v socat >/dev/null && [ "$(id -u)" = 0 ]; then
    suite "Galera cluster" TEST_DB=sqlite -- --timeout 600000 'test/cluster/**/*.test.ts'
  else
    echo "== Galera cluster: SKIPPED — needs root and Debian's galera-4, haproxy, rsync and socat (apt-get install galera-4 haproxy rsync socat)"
  fi
fi

if ls test/browser/*.test.ts >/dev/null 2>&1; then
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    suite "browser (Chromium)" TEST_DB=sqlite TEST_APP_EAGER=1 -- 'test/browser/**/*.test.ts'
  else
    echo "== browser: SKIPPED — Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)"
  fi
fi

rm -f "$log"
echo
echo "Total: $passed passed, $failed failed"
exit $status
