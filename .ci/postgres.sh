#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the team-mode tests and print its owner's URL.
# Installs Debian's postgresql package when the server binaries are missing. Logins over TCP need a
# password (SCRAM), as on a real team server; the owner's password is random and part of the URL.
set -euo pipefail
PORT="${QUIZZER_PG_PORT:-55432}"
DIR="${QUIZZER_PG_DIR:-/tmp/quizzer-pg}"
bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/pg_ctl" ] && bin="$candidate"; done
if [ -z "$bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
  for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/pg_ctl" ] && bin="$candidate"; done
fi
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -f "$DIR/postmaster.pid" ]; then run "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true; fi
rm -rf "$DIR" && mkdir -p "$DIR" && chown postgres "$DIR" 2>/dev/null || true
password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pwfile="$(mktemp)"
echo "$password" >"$pwfile" && chmod 644 "$pwfile"
# The Unix socket (only in $DIR) trusts the local administrator; TCP asks every login for a password.
run "$bin/initdb" -D "$DIR" -U quizzer --pwfile="$pwfile" --auth-local=trust \
  --auth-host=scram-sha-256 >/dev/null
rm -f "$pwfile"
run "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
run "$bin/createdb" -h "$DIR" -p "$PORT" -U quizzer quizzer_test
echo "postgresql+psycopg://quizzer:$password@127.0.0.1:$PORT/quizzer_test"
