#!/usr/bin/env bash
# npm test: lint and type-check, then unit and integration suites on SQLite, the integration suites again on MariaDB
# when TEST_DATABASE_URL is given, the Galera cluster suite when galera-4 and haproxy are installed (as root), and the
# browser suite when Chromium is installed. Ends with one summary line. The type check runs beside ESLint and the
# Galera suite beside everything before the browser's (both wait more than they compute): about four minutes less.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0; failed=0; status=0
log=$(mktemp)

# Runs mocha with the env given before "--" and the mocha arguments after it.
mocha_with() { # env..., -- mocha args...
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  env "${envs[@]}" npx mocha --reporter dot "$@"
}

# Runs mocha into a log file; the exit status goes to LOG.rc.
run_mocha() { # log, env..., -- mocha args...
  local out=$1; shift
  mocha_with "$@" >"$out" 2>&1
  echo $? >"$out.rc"
}

# Adds a finished suite's counts to the totals.
tally() { # log, exit status
  local p f
  p=$(grep -Eo '[0-9]+ passing' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '[0-9]+ failing' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$2" -ne 0 ]; then status=1; [ "$f" -eq 0 ] && failed=$((failed + 1)); fi
}

# Runs a suite with its output live on the console, and adds its counts.
suite() { # name, env..., -- mocha args...
  local name=$1; shift
  echo "== $name"
  mocha_with "$@" 2>&1 | tee "$log"
  tally "$log" "${PIPESTATUS[0]}"
}

# The Galera suite spends most of its three minutes waiting for nodes to start, sync and fail over (a quarter of two
# cores measured), so it runs beside the others from the start; its output is printed when it ends.
galera_log=""
if ls test/cluster/*.test.ts >/dev/null 2>&1; then
  if [ -e /usr/lib/galera/libgalera_smm.so ] && command -v haproxy >/dev/null && command -v socat >/dev/null && [ "$(id -u)" = 0 ]; then
    galera_log=$(mktemp)
    run_mocha "$galera_log" TEST_DB=sqlite -- --timeout 600000 'test/cluster/**/*.test.ts' &
    galera_pid=$!
  fi
fi

# ESLint and tsc each use one core: side by side.
tsc_log=$(mktemp)
(npx tsc --noEmit -p . >"$tsc_log" 2>&1; echo $? >"$tsc_log.rc") &
tsc_pid=$!
echo "== lint (ESLint, then Prettier; \`npm run format\` rewrites what Prettier lists)"
if ! npm run --silent lint; then echo "lint failed"; status=1; failed=$((failed + 1)); fi

echo "== type check"
wait "$tsc_pid"
cat "$tsc_log"
if [ "$(cat "$tsc_log.rc")" -ne 0 ]; then echo "type check failed"; status=1; failed=$((failed + 1)); fi
rm -f "$tsc_log" "$tsc_log.rc"

suite "unit" TEST_DB=sqlite -- 'test/unit/**/*.test.ts'
suite "integration on SQLite" TEST_DB=sqlite TEST_APP_EAGER=1 -- 'test/integration/**/*.test.ts'

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  suite "integration on MariaDB" TEST_DB=mysql TEST_APP_EAGER=1 "TEST_DATABASE_URL=$TEST_DATABASE_URL" -- 'test/integration/**/*.test.ts'
else
  echo "== MariaDB: SKIPPED — set TEST_DATABASE_URL=mysql://user:pass@127.0.0.1:3306/db to run the integration suites on MariaDB (.ci/run does)"
fi

# The Galera cluster (bench/cluster/cluster.sh): three nodes, HAProxy and three instances started by the tests.
# mysqld runs as the `mysql` user, so the tests need root (CI is root) or a user that can run it.
if [ -n "$galera_log" ]; then
  echo "== Galera cluster (run beside the suites above)"
  wait "$galera_pid"
  cat "$galera_log"
  tally "$galera_log" "$(cat "$galera_log.rc")"
  rm -f "$galera_log" "$galera_log.rc"
elif ls test/cluster/*.test.ts >/dev/null 2>&1; then
  echo "== Galera cluster: SKIPPED — needs root and Debian's galera-4, haproxy, rsync and socat (apt-get install galera-4 haproxy rsync socat)"
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
