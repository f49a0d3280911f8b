#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on this machine, HAProxy in front of it, and three Hotline instances behind a
# round robin: the way Hotline is run and tested past one database server (docs/scaling.md, "Running on a Galera
# cluster"). Everything lives under CLUSTER_DIR; every port derives from CLUSTER_PORT_BASE (BASE):
#   BASE         HAProxy SQL front, least connections over the Synced nodes (tools, benchmarks)
#   BASE+n       Galera node n's SQL (n = 1..3); BASE+10+n gcomm, BASE+20+n IST, BASE+30+n rsync SST
#   BASE+5+n     HAProxy SQL front of Hotline instance n: node 1 first, the others as backups (one writer);
#                CLUSTER_WRITERS=each: node n first (every node writes; see docs/scaling.md for why not)
#   BASE+40      HAProxy HTTP front, round robin over the instances (health: GET /healthz)
#   BASE+40+n    Hotline instance n;  BASE+50  HAProxy statistics
# Commands: up [--no-apps] | down | status | wait-synced | kill-node N | start-node N | kill-app N | start-app N
# Each instance inherits the caller's environment plus DB_CLIENT=mysql, HOST, PORT and its DATABASE_URL.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${CLUSTER_DIR:-/tmp/hotline-cluster}
BASE=${CLUSTER_PORT_BASE:-4300}
DB=${CLUSTER_DB:-hotline}
TIMEOUT=${CLUSTER_TIMEOUT:-300}
WRITERS=${CLUSTER_WRITERS:-one}
case "$WRITERS" in one | each) ;; *) echo "CLUSTER_WRITERS is one or each, not $WRITERS" >&2; exit 2 ;; esac
PROVIDER=/usr/lib/galera/libgalera_smm.so
LOGS=$DIR/logs
NODES=(1 2 3)

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}
say() { echo "cluster.sh: $*" >&2; }

require() {
  [ -f "$PROVIDER" ] || die "Galera is missing ($PROVIDER): apt-get install galera-4"
  command -v haproxy >/dev/null || die "HAProxy is missing: apt-get install haproxy"
  command -v mariadbd >/dev/null || command -v mysqld >/dev/null || die "MariaDB is missing: apt-get install mariadb-server"
  command -v rsync >/dev/null || die "rsync is missing (state transfer): apt-get install rsync"
  [ "$(id -u)" = 0 ] || die "run as root: mysqld runs as the mysql user and the datadirs are chowned to it"
}

mysqld_bin() { command -v mariadbd || command -v mysqld; }
node_dir() { echo "$DIR/node$1"; }
node_pid() { cat "$(node_dir "$1")/run.pid" 2>/dev/null || true; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
node_up() { alive "$(node_pid "$1")"; }
app_pid() { cat "$DIR/app$1.pid" 2>/dev/null || true; }
app_up() { alive "$(app_pid "$1")"; }
check_n() { [[ "${1:-}" =~ ^[123]$ ]] || die "which one? give 1, 2 or 3"; }

# A query on node n through its socket as root (unix-socket authentication), tab-separated, no headers.
sql() {
  local n=$1
  shift
  mysql --no-defaults -S "$(node_dir "$n")/mysqld.sock" -uroot -N -B -e "$*"
}

wsrep_status() { sql "$1" "SHOW STATUS LIKE '$2'" 2>/dev/null | cut -f2; }

# Waits until fn (a command) succeeds, at most TIMEOUT seconds.
wait_for() {
  local what=$1
  shift
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${TIMEOUT}s waiting for $what (logs: $LOGS)"
    sleep 0.5
  done
}

running_nodes() {
  local n count=0
  for n in "${NODES[@]}"; do node_up "$n" && count=$((count + 1)); done
  echo $count
}

node_synced() {
  node_up "$1" || die "node $1 died while starting (log: $LOGS/node$1.err)"
  [ "$(wsrep_status "$1" wsrep_local_state_comment)" = Synced ] &&
    [ "$(wsrep_status "$1" wsrep_cluster_size)" = "$(running_nodes)" ]
}

write_cnf() {
  local n=$1 d
  d=$(node_dir "$n")
  sed -e "s|@DIR@|$d|g" -e "s|@LOGS@|$LOGS|g" -e "s|@N@|$n|g" -e "s|@BASE@|$BASE|g" \
    -e "s|@SQL_PORT@|$((BASE + n))|g" -e "s|@GCOMM@|$((BASE + 10 + n))|g" -e "s|@IST@|$((BASE + 20 + n))|g" \
    -e "s|@SST@|$((BASE + 30 + n))|g" -e "s|@GCOMM1@|$((BASE + 11))|g" -e "s|@GCOMM2@|$((BASE + 12))|g" \
    -e "s|@GCOMM3@|$((BASE + 13))|g" "$HERE/my.cnf.template" >"$d/my.cnf"
}

init_node() {
  local n=$1 d
  d=$(node_dir "$1")
  mkdir -p "$d/data" "$d/tmp"
  write_cnf "$n"
  chown -R mysql:mysql "$d"
  mysql_install_db --defaults-file="$d/my.cnf" --user=mysql --skip-test-db --wsrep-on=OFF \
    >"$LOGS/install$n.log" 2>&1 || die "mysql_install_db failed for node $n: $(tail -n 4 "$LOGS/node$n.err" 2>/dev/null)"
  chown -R mysql:mysql "$d"
}

# Starts node n's mysqld. Alone (no other node running) it founds the cluster; else it joins and catches up by IST
# when the others' gcache still holds what it missed, by an rsync SST otherwise.
launch_node() {
  local n=$1 d args=() grastate pos
  d=$(node_dir "$n")
  [ -f "$d/my.cnf" ] || die "node $n was never created: run up first"
  node_up "$n" && die "node $n is already running"
  chown -R mysql:mysql "$d" "$LOGS"
  grastate=$d/data/grastate.dat
  if [ "$(running_nodes)" = 0 ]; then
    args+=(--wsrep-new-cluster)
    # Founding again from a node that was killed: it is the only copy, so it is safe to found from.
    [ -f "$grastate" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$grastate"
  fi
  # A killed node does not know where it stopped (seqno -1): recover the position from InnoDB, as mysqld_safe
  # does, so the others can send only what it missed (IST) instead of the whole datadir.
  if [ -f "$grastate" ] && grep -q '^seqno: *-1' "$grastate"; then
    "$(mysqld_bin)" --defaults-file="$d/my.cnf" --wsrep-recover --log-error="$LOGS/recover$n.log" >/dev/null 2>&1 || true
    pos=$(grep -o 'Recovered position: [^ ]*' "$LOGS/recover$n.log" 2>/dev/null | tail -1 | cut -d' ' -f3 || true)
    [ -n "$pos" ] && args+=("--wsrep-start-position=$pos")
  fi
  setsid "$(mysqld_bin)" --defaults-file="$d/my.cnf" "${args[@]}" >>"$LOGS/node$n.out" 2>&1 </dev/null &
  echo $! >"$d/run.pid"
}

start_node() {
  launch_node "$1"
  wait_for "node $1 to be Synced" node_synced "$1"
}

stop_pid() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 120); do
    alive "$pid" || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

write_haproxy_cfg() {
  local n m
  {
    cat <<EOF
# Written by bench/cluster/cluster.sh for CLUSTER_PORT_BASE=$BASE.
global
  daemon
  maxconn 4000
  pidfile $DIR/haproxy.pid
  stats socket $DIR/haproxy.sock mode 600 level admin
  # A Galera node is checked by a query (galera-check.sh), not by a handshake.
  external-check
  insecure-fork-wanted

defaults
  log global
  timeout connect 3s
  timeout client 1h
  timeout server 1h
  timeout check 3s
  default-server inter 1s fall 2 rise 2

# Every Synced node (tools, benchmarks); the per-instance fronts below follow these checks.
listen sql
  bind 127.0.0.1:$BASE
  mode tcp
  balance leastconn
  option external-check
  external-check path "/usr/bin:/bin"
  external-check command $HERE/galera-check.sh
EOF
    for n in "${NODES[@]}"; do
      echo "  server node$n 127.0.0.1:$((BASE + n)) check on-marked-down shutdown-sessions"
    done
    for n in "${NODES[@]}"; do
      echo
      # One writer: every instance writes through node 1 while it is Synced, else through node 2, then 3. The
      # day's counter rows and ticket sequence are every creation's; written on three nodes at once, Galera finds the
      # conflicts only at commit and rolls back whole batches (the keyed intake 104-112/s, p99 2.5 s; through one
      # writer 182-195/s, p99 0.4 s, docs/benchmarks.md). Each: instance n through node n.
      local first=1
      [ "$WRITERS" = each ] && first=$n
      echo "# Instance $n writes through node $first while it is Synced, else through the next one."
      echo "listen sql$n"
      echo "  bind 127.0.0.1:$((BASE + 5 + n))"
      echo "  mode tcp"
      for m in $first $(((first % 3) + 1)) $((((first + 1) % 3) + 1)); do
        local backup=""
        [ "$m" = "$first" ] || backup=" backup"
        echo "  server node$m 127.0.0.1:$((BASE + m)) track sql/node$m on-marked-down shutdown-sessions$backup"
      done
    done
    cat <<EOF

listen http
  bind 127.0.0.1:$((BASE + 40))
  mode http
  balance roundrobin
  timeout client 2m
  timeout server 2m
  option httpchk GET /healthz
  http-check expect status 200
  # Only a connection that failed to open is tried elsewhere: a request an instance received is never sent twice.
  retries 2
  option redispatch
EOF
    for n in "${NODES[@]}"; do
      echo "  server app$n 127.0.0.1:$((BASE + 40 + n)) check"
    done
    cat <<EOF

listen stats
  bind 127.0.0.1:$((BASE + 50))
  mode http
  timeout client 1m
  stats enable
  stats uri /
  stats refresh 2s
EOF
  } >"$DIR/haproxy.cfg"
}

start_haproxy() {
  write_haproxy_cfg
  haproxy -c -q -f "$DIR/haproxy.cfg" || die "haproxy.cfg refused (see $DIR/haproxy.cfg)"
  haproxy -f "$DIR/haproxy.cfg" >>"$LOGS/haproxy.log" 2>&1
}

database_url() { echo "mysql://hotline:hotline@127.0.0.1:$1/$DB"; }

healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/healthz" 2>/dev/null; }

app_healthy() {
  app_up "$1" || die "Hotline instance $1 died while starting (log: $LOGS/app$1.log)"
  healthy $((BASE + 40 + $1))
}

node_flags() {
  node -p "(require('./package.json').scripts.start.match(/--[a-z-]+=\\S+/g) || []).join(' ')"
}

launch_app() {
  local n=$1
  app_up "$n" && die "Hotline instance $n is already running"
  (
    cd "$REPO"
    # shellcheck disable=SC2046 # the options `npm start` gives the service (package.json), one word each
    DB_CLIENT=mysql HOST=127.0.0.1 PORT=$((BASE + 40 + n)) DATABASE_URL=$(database_url $((BASE + 5 + n))) \
      setsid node $(node_flags) --import tsx server/main.ts >>"$LOGS/app$n.log" 2>&1 </dev/null &
    echo $! >"$DIR/app$n.pid"
  )
}

start_app() {
  launch_app "$1"
  wait_for "Hotline instance $1 to answer /healthz" app_healthy "$1"
}

cmd_up() {
  local apps=1 n
  [ "${1:-}" = --no-apps ] && apps=0
  require
  if [ -d "$DIR" ]; then
    for n in "${NODES[@]}"; do node_up "$n" && die "a cluster is already running in $DIR: run down first"; done
    rm -rf "$DIR"
  fi
  mkdir -p "$LOGS"
  chmod 755 "$DIR"
  chown mysql:mysql "$LOGS"
  local pids=()
  for n in "${NODES[@]}"; do
    init_node "$n" &
    pids+=($!)
  done
  for n in "${pids[@]}"; do wait "$n" || die "a datadir could not be created (logs: $LOGS/install*.log)"; done
  say "founding the cluster on node 1 (SQL port $((BASE + 1)))"
  start_node 1
  sql 1 "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'hotline'@'127.0.0.1' IDENTIFIED BY 'hotline';
    CREATE USER IF NOT EXISTS 'hotline'@'localhost' IDENTIFIED BY 'hotline';
    GRANT ALL ON *.* TO 'hotline'@'127.0.0.1'; GRANT ALL ON *.* TO 'hotline'@'localhost';"
  say "nodes 2 and 3 join"
  # Both ask at once; a donor serves one state transfer at a time and Galera makes the other wait for a donor.
  launch_node 2
  launch_node 3
  wait_for "node 2 to be Synced" node_synced 2
  wait_for "node 3 to be Synced" node_synced 3
  start_haproxy
  wait_for "HAProxy to see three Synced nodes" sql_front_ready
  say "migrating database $DB once, before any instance starts"
  (cd "$REPO" && DB_CLIENT=mysql DATABASE_URL=$(database_url $((BASE + 1))) npx tsx server/cli/migrate.ts) \
    >>"$LOGS/migrate.log" 2>&1 || die "migrations failed (log: $LOGS/migrate.log)"
  if [ $apps = 1 ]; then
    # The first instance creates what a first start creates (secret, administrator, demo data) alone.
    say "Hotline instance 1 starts"
    start_app 1
    say "Hotline instances 2 and 3 start"
    launch_app 2
    launch_app 3
    wait_for "Hotline instance 2 to answer /healthz" app_healthy 2
    wait_for "Hotline instance 3 to answer /healthz" app_healthy 3
  fi
  say "up: SQL 127.0.0.1:$BASE, HTTP http://127.0.0.1:$((BASE + 40)), statistics http://127.0.0.1:$((BASE + 50))"
}

# Every node's server is up in HAProxy's view (the stats socket's CSV: proxy, server, ..., status in field 18).
sql_front_ready() {
  local up
  up=$(echo "show stat" | socat stdio "UNIX-CONNECT:$DIR/haproxy.sock" 2>/dev/null |
    awk -F, -v node="^node${1:-[0-9]}\$" '$1 == "sql" && $2 ~ node && $18 == "UP"' | wc -l)
  [ "$up" = "${2:-3}" ]
}

cmd_down() {
  local n
  [ -d "$DIR" ] || return 0
  for n in "${NODES[@]}"; do stop_pid "$(app_pid "$n")" & done
  wait
  stop_pid "$(cat "$DIR/haproxy.pid" 2>/dev/null || true)"
  for n in "${NODES[@]}"; do stop_pid "$(node_pid "$n")" & done
  wait
  rm -rf "$DIR"
  say "down"
}

cmd_status() {
  local n
  [ -d "$DIR" ] || {
    echo "no cluster in $DIR"
    return 0
  }
  for n in "${NODES[@]}"; do
    if node_up "$n"; then
      printf 'node %s  pid %-7s %-8s cluster size %s, %s\n' "$n" "$(node_pid "$n")" \
        "$(wsrep_status "$n" wsrep_local_state_comment)" "$(wsrep_status "$n" wsrep_cluster_size)" \
        "$(wsrep_status "$n" wsrep_cluster_status)"
    else
      echo "node $n  down"
    fi
  done
  for n in "${NODES[@]}"; do
    if app_up "$n"; then
      printf 'app  %s  pid %-7s %s\n' "$n" "$(app_pid "$n")" \
        "$(healthy $((BASE + 40 + n)) && echo healthy || echo 'not answering /healthz')"
    else
      echo "app  $n  down"
    fi
  done
  if alive "$(cat "$DIR/haproxy.pid" 2>/dev/null || true)"; then
    echo "haproxy running: statistics http://127.0.0.1:$((BASE + 50))"
  else
    echo "haproxy down"
  fi
}

cmd_wait_synced() {
  local n
  [ "$(running_nodes)" -gt 0 ] || die "no node is running"
  for n in "${NODES[@]}"; do
    node_up "$n" && wait_for "node $n to be Synced" node_synced "$n"
  done
  return 0
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    wait-synced) cmd_wait_synced ;;
    kill-node)
      check_n "${1:-}"
      node_up "$1" || die "node $1 is not running"
      kill -KILL "$(node_pid "$1")"
      wait_for "node $1 to die" sh -c "! kill -0 $(node_pid "$1") 2>/dev/null"
      say "node $1 killed"
      ;;
    start-node)
      check_n "${1:-}"
      require
      start_node "$1"
      if alive "$(cat "$DIR/haproxy.pid" 2>/dev/null || true)"; then
        wait_for "HAProxy to send to node $1 again" sql_front_ready "$1" 1
      fi
      say "node $1 Synced"
      ;;
    kill-app)
      check_n "${1:-}"
      app_up "$1" || die "Hotline instance $1 is not running"
      kill -KILL "$(app_pid "$1")"
      wait_for "instance $1 to die" sh -c "! kill -0 $(app_pid "$1") 2>/dev/null"
      say "Hotline instance $1 killed"
      ;;
    start-app)
      check_n "${1:-}"
      start_app "$1"
      say "Hotline instance $1 answers"
      ;;
    *) die "usage: cluster.sh up [--no-apps] | down | status | wait-synced | kill-node N | start-node N | kill-app N | start-app N" ;;
  esac
}

main "$@"
