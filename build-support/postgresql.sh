#!/usr/bin/env bash
# PostgreSQL for socketwatch's integration tests (PostgresJdbcIT): Debian's server package, and throwaway
# clusters on loopback that live only as long as a test class.
#
#   build-support/postgresql.sh install <status-file>
#       Makes sure Debian's `postgresql` package (initdb, pg_ctl, postgres) is installed: nothing to do if a
#       /usr/lib/postgresql/<version>/bin/pg_ctl exists, else `apt-get install postgresql` as root (or through
#       `sudo -n` when not root), with `apt-get update` first if the package lists are missing or stale.
#       Run by maven (exec-maven-plugin, generate-test-resources of integration-tests). It never fails the build:
#       it writes "ok <bindir>" or "failed: <reason and what to do>" to <status-file>, and the tests that need
#       PostgreSQL fail with that text (they never skip).
#   build-support/postgresql.sh start <data-dir> <port>
#       initdb into <data-dir> (an empty or missing directory; trust authentication, superuser `postgres`, UTF8) and
#       starts the server on 127.0.0.1:<port> with its Unix socket inside <data-dir>, waiting until it accepts
#       connections (pg_ctl -w). A server still running in <data-dir> from an earlier run is stopped first.
#   build-support/postgresql.sh stop <data-dir>
#       pg_ctl stop -m immediate (the cluster is thrown away) and removes <data-dir>. No error if nothing runs.
#
# initdb and postgres refuse to run as root, so as root both run as the `postgres` system user that Debian's
# package creates (runuser), and <data-dir> is given to that user; as any other user they run as that user.
# Idempotent. On failure: one line on stderr saying what failed, exit status 1 (start/stop only).

set -Eeuo pipefail

readonly PACKAGE=postgresql

note() { printf 'socketwatch: %s\n' "$*" >&2; }
die() { note "$*"; exit 1; }

# bindir: the newest installed server version's bin directory, or nothing.
bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
    printf '%s\n' "$dir"
  fi
}

# as_root: runs a command as root, directly or through passwordless sudo; fails if neither is possible.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 126
  fi
}

install_package() {
  local status_file=$1 dir log
  mkdir -p "$(dirname "$status_file")"
  dir=$(bindir)
  if [[ -n "$dir" ]]; then
    printf 'ok %s\n' "$dir" >"$status_file"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    printf 'failed: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin and this machine has no apt-get; install the Debian/Ubuntu package %s (or a PostgreSQL server laid out the same way) and rerun\n' "$PACKAGE" >"$status_file"
    note "$(cat "$status_file")"
    return 0
  fi
  log=$(mktemp)
  note "installing Debian's $PACKAGE package for the PostgreSQL integration tests"
  # The lists may be missing (a fresh image) or older than the mirror's files: update once and retry.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$PACKAGE" >"$log" 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$PACKAGE" >>"$log" 2>&1 || true
  fi
  dir=$(bindir)
  if [[ -n "$dir" ]]; then
    printf 'ok %s\n' "$dir" >"$status_file"
    note "PostgreSQL server installed: $dir"
  else
    local why
    if [[ $(id -u) -ne 0 ]] && ! (command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null); then
      why="not root and no passwordless sudo"
    else
      why="apt-get install $PACKAGE failed: $(tail -n 3 "$log" | tr '\n' ' ')"
    fi
    printf 'failed: could not install the Debian package %s (%s); install it (apt-get install %s as root) and rerun\n' \
      "$PACKAGE" "$why" "$PACKAGE" >"$status_file"
    note "$(cat "$status_file")"
  fi
  rm -f "$log"
}

# run_as_owner: runs a server command as the user that owns the cluster (see the header).
run_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_cluster() {
  local data=$1 port=$2 dir
  dir=$(bindir)
  [[ -n "$dir" ]] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin: run '$0 install <status-file>' first"
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, got '$port'"
  if [[ -f "$data/postmaster.pid" ]]; then
    run_as_owner "$dir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
  fi
  mkdir -p "$data"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as (Debian's package creates it)"
    chown postgres: "$data"
    chmod 700 "$data"
  fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    run_as_owner "$dir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$data.initdb.log" 2>&1 \
      || die "initdb failed: $(tail -n 5 "$data.initdb.log" | tr '\n' ' ')"
  fi
  # Only TCP on loopback plus a socket in the data directory (Debian's default socket directory needs its own
  # permissions); fsync off: the cluster is thrown away.
  run_as_owner "$dir/pg_ctl" start -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c max_connections=20" \
    >/dev/null || die "pg_ctl start failed: $(tail -n 5 "$data/server.log" 2>/dev/null | tr '\n' ' ')"
  note "PostgreSQL ($dir) running on 127.0.0.1:$port, data in $data"
}

stop_cluster() {
  local data=$1 dir
  dir=$(bindir)
  if [[ -n "$dir" && -f "$data/postmaster.pid" ]]; then
    run_as_owner "$dir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf -- "$data" "$data.initdb.log"
}

case "${1:-}" in
  install) [[ $# -eq 2 ]] || die "usage: $0 install <status-file>"; install_package "$2" ;;
  start) [[ $# -eq 3 ]] || die "usage: $0 start <data-dir> <port>"; start_cluster "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop <data-dir>"; stop_cluster "$2" ;;
  *) die "usage: $0 install <status-file> | start <data-dir> <port> | stop <data-dir>" ;;
esac
