#!/usr/bin/env bash
# Starts the team-room server (team/server.mjs, Hocuspocus) with its database, for a team on one
# machine; everything listens on 127.0.0.1 only and lives under .team/ in the repository.
#   SPANWISE_SECRET=… scripts/serve-team.sh                 one instance on 127.0.0.1:1234
#   SPANWISE_SECRET=… scripts/serve-team.sh --instances 2   1234 and 1235, sharing Redis and the database
#   scripts/serve-team.sh --stop                             stops everything this script started
# Idempotent: what already runs is left running, what is missing is set up and started. PostgreSQL
# (Debian's) is a cluster of its own in .team/pg, reached over a unix socket only (port 5433 names
# the socket); Redis (Debian's) listens on 127.0.0.1:6380 with a password kept in .team/.
# Overrides, for tests: SPANWISE_TEAM_DIR, SPANWISE_TEAM_PORT (first instance), SPANWISE_PG_PORT,
# SPANWISE_REDIS_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEAM="${SPANWISE_TEAM_DIR:-$ROOT/.team}"
PORT="${SPANWISE_TEAM_PORT:-1234}"
PG_PORT="${SPANWISE_PG_PORT:-5433}"
REDIS_PORT="${SPANWISE_REDIS_PORT:-6380}"
say() { printf '[serve-team] %s\n' "$*" >&2; }

instances=1
stop=0
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances="${2:?--instances wants a number}"; shift 2 ;;
    --stop) stop=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) say "unknown argument $1"; exit 2 ;;
  esac
done
case "$instances" in 1|2|3|4) ;; *) say "--instances takes 1 to 4"; exit 2 ;; esac

# PostgreSQL refuses to run as root: as root, its files belong to Debian's postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# A process killed with -9 stays a zombie until init reaps it, and kill -0 succeeds on a zombie.
alive() {
  local pid state
  [ -f "$1" ] && pid="$(cat "$1")" && [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

stop_pid() { # pidfile name
  local pidfile="$1" name="$2" pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do alive "$pidfile" || break; sleep 0.1; done
  if alive "$pidfile"; then say "$name did not stop in 10 s: killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
  say "stopped $name (pid $pid)"
}

if [ "$stop" = 1 ]; then
  [ -d "$TEAM" ] || { say "nothing to stop ($TEAM does not exist)"; exit 0; }
  for pidfile in "$TEAM"/server-*.pid; do
    [ -e "$pidfile" ] || continue
    stop_pid "$pidfile" "server $(basename "$pidfile" .pid | sed 's/^server-//')"
    rm -f "${pidfile%.pid}.args"
  done
  stop_pid "$TEAM/redis.pid" "Redis"
  pgdata="$(cat "$TEAM/pg-data" 2>/dev/null || echo "$TEAM/pg")"
  if [ -f "$pgdata/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null
    say "stopped PostgreSQL ($pgdata)"
  fi
  exit 0
fi

if [ -z "${SPANWISE_SECRET:-}" ]; then
  say "SPANWISE_SECRET is not set: export a long random secret (tokens are signed with it), e.g."
  say "  export SPANWISE_SECRET=\$(head -c 32 /dev/urandom | base64)"
  exit 2
fi

bash "$ROOT/scripts/setup-team.sh"
mkdir -p "$TEAM"
[ "$(id -u)" = 0 ] && chmod 755 "$TEAM"

# 1. PostgreSQL: a cluster of our own, a unix socket in $TEAM/pg-socket, no TCP listener. As root
# the cluster belongs to the postgres user, who must reach it: when the checkout is somewhere it
# cannot (under /root, say), the cluster lives in /var/tmp and $TEAM/pg-socket points there.
PG_BIN="$(pg_bin)"
[ -x "$PG_BIN/initdb" ] || { say "PostgreSQL's programs are missing (run scripts/setup-team.sh)"; exit 1; }
PG_HOME="$TEAM"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$TEAM"; then
  PG_HOME="/var/tmp/spanwise-team-$(printf '%s' "$TEAM" | md5sum | cut -c1-12)"
  mkdir -p "$PG_HOME"; chmod 755 "$PG_HOME"
  [ -L "$TEAM/pg-socket" ] || ln -sfn "$PG_HOME/pg-socket" "$TEAM/pg-socket"
fi
PGDATA_DIR="$PG_HOME/pg"
mkdir -p "$PG_HOME/pg-socket"
[ "$(id -u)" = 0 ] && chown postgres "$PG_HOME/pg-socket"
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  say "creating the PostgreSQL cluster in $PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U spanwise --auth=trust -E UTF8 --locale=C.UTF-8 >"$TEAM/initdb.log"
  echo "include_if_exists 'spanwise.conf'" | as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  # Written at every start, so a moved checkout or another port takes effect.
  printf "listen_addresses = ''\nport = %s\nunix_socket_directories = '%s'\nunix_socket_permissions = 0700\n" \
    "$PG_PORT" "$PG_HOME/pg-socket" | as_pg tee "$PGDATA_DIR/spanwise.conf" >/dev/null
  touch "$PG_HOME/pg.log"; [ "$(id -u)" = 0 ] && chown postgres "$PG_HOME/pg.log"
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_HOME/pg.log" -w start >/dev/null \
    || { say "PostgreSQL did not start; the end of $PG_HOME/pg.log:"; tail -n 20 "$PG_HOME/pg.log" >&2; exit 1; }
  say "started PostgreSQL ($PGDATA_DIR, socket $PG_HOME/pg-socket port $PG_PORT)"
fi
echo "$PGDATA_DIR" >"$TEAM/pg-data"
export PGHOST="$TEAM/pg-socket" PGPORT="$PG_PORT" PGUSER=spanwise PGDATABASE=spanwise
if [ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'spanwise'")" ]; then
  psql -d postgres -qc 'CREATE DATABASE spanwise' >/dev/null
fi

# 2. Redis, for more than one instance: loopback only, a password only this user can read.
redis_arg=()
if [ "$instances" -gt 1 ]; then
  if [ ! -f "$TEAM/redis.password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$TEAM/redis.password")
  fi
  export SPANWISE_REDIS_PASSWORD="$(cat "$TEAM/redis.password")"
  if ! alive "$TEAM/redis.pid"; then
    mkdir -p "$TEAM/redis"
    (umask 077; printf 'bind 127.0.0.1\nport %s\nrequirepass %s\ndir %s\nsave ""\nappendonly no\ndaemonize yes\npidfile %s\nlogfile %s\n' \
      "$REDIS_PORT" "$SPANWISE_REDIS_PASSWORD" "$TEAM/redis" "$TEAM/redis.pid" "$TEAM/redis.log" >"$TEAM/redis.conf")
    redis-server "$TEAM/redis.conf"
    for _ in $(seq 100); do listening "$REDIS_PORT" && alive "$TEAM/redis.pid" && break; sleep 0.1; done
    listening "$REDIS_PORT" || { say "Redis did not start; the end of $TEAM/redis.log:"; tail -n 20 "$TEAM/redis.log" >&2; exit 1; }
    say "started Redis on 127.0.0.1:$REDIS_PORT"
  fi
  redis_arg=(--redis "127.0.0.1:$REDIS_PORT")
fi

# 3. The instances.
for i in $(seq 0 $((instances - 1))); do
  port=$((PORT + i))
  pidfile="$TEAM/server-$port.pid"
  args="--port $port ${redis_arg[*]}"
  if alive "$pidfile"; then
    if [ "$(cat "${pidfile%.pid}.args" 2>/dev/null)" != "$args" ]; then
      say "the instance on $port runs with other settings ($(cat "${pidfile%.pid}.args" 2>/dev/null)): run $0 --stop first"
      exit 1
    fi
    say "server on ws://127.0.0.1:$port already runs (pid $(cat "$pidfile"))"
    continue
  fi
  if listening "$port"; then say "port $port is taken by another program"; exit 1; fi
  # setsid: the server outlives this script and the terminal it ran in.
  setsid node "$ROOT/team/server.mjs" --port "$port" "${redis_arg[@]}" >>"$TEAM/server-$port.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$args" >"${pidfile%.pid}.args"
  for _ in $(seq 300); do listening "$port" && break; alive "$pidfile" || break; sleep 0.1; done
  if ! listening "$port"; then
    say "the server on $port did not start; the end of $TEAM/server-$port.log:"; tail -n 20 "$TEAM/server-$port.log" >&2
    exit 1
  fi
  say "started server on ws://127.0.0.1:$port (pid $(cat "$pidfile"), log $TEAM/server-$port.log)"
done
say "tokens: SPANWISE_SECRET=… scripts/team-token.sh ROOM NAME; stop: $0 --stop"
