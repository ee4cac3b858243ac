#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a PostgreSQL database.
#
#   bash scripts/postgres.sh COMMAND [ARG…]   run COMMAND, then clean up
#   bash scripts/postgres.sh                  print DATABASE_URL and wait for Ctrl-C
#
# When DATABASE_URL is already set, that database is used as is. Otherwise PostgreSQL is installed
# from Debian packages if missing, and a THROWAWAY cluster is created in a temporary folder: loopback
# only, a free port, its unix socket in that folder, trust authentication, no fsync. It is stopped
# and deleted on exit. Anything that goes wrong fails loudly: tests must never skip PostgreSQL
# silently.
set -euo pipefail

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

if [[ -n ${DATABASE_URL:-} ]]; then
  (($# > 0)) || die 'DATABASE_URL is already set: nothing to start'
  exec "$@"
fi

as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)

# Debian keeps the server binaries out of PATH, one folder per major version: take the newest.
find_bin() {
  if [[ -n ${PG_BIN:-} ]]; then
    echo "${PG_BIN}"
    return
  fi
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n ${dir} && -x ${dir}/initdb ]]; then
    echo "${dir}"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

bin=$(find_bin)
if [[ -z ${bin} ]]; then
  echo 'postgres.sh: PostgreSQL is missing: apt-get install -y postgresql' >&2
  command -v apt-get >/dev/null 2>&1 || die 'no apt-get here: install PostgreSQL or set DATABASE_URL'
  "${as_root[@]}" apt-get update || die 'apt-get update failed'
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql || die 'apt-get install postgresql failed'
  bin=$(find_bin)
  [[ -n ${bin} ]] || die 'postgresql installed but initdb not found'
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the "postgres" user.
run_pg=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die 'running as root but there is no "postgres" user'
  run_pg=(runuser -u postgres --)
fi

free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/tournee-pg.XXXXXX")
[[ ${#run_pg[@]} -eq 0 ]] || chown postgres: "${dir}"
chmod 700 "${dir}"
started=0
cleanup() {
  local status=$?
  if ((started)); then
    "${run_pg[@]}" "${bin}/pg_ctl" -D "${dir}/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "${dir}"
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

user=tournee
"${run_pg[@]}" "${bin}/initdb" -D "${dir}/data" -U "${user}" --auth=trust --encoding=UTF8 --no-locale --no-sync \
  >"${dir}/initdb.log" 2>&1 || {
  cat "${dir}/initdb.log" >&2
  die 'initdb failed'
}

port=''
for _ in 1 2 3; do
  port=$(free_port)
  # A throwaway cluster: durability is not wanted, speed is.
  if "${run_pg[@]}" "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    started=1
    break
  fi
done
if ((!started)); then
  cat "${dir}/server.log" >&2 || true
  die 'the PostgreSQL server did not start'
fi

"${bin}/createdb" -h 127.0.0.1 -p "${port}" -U "${user}" tournee || die 'createdb failed'
export DATABASE_URL="postgres://${user}@127.0.0.1:${port}/tournee"
echo "postgres.sh: throwaway PostgreSQL $("${bin}/postgres" --version | awk '{print $3}') at ${DATABASE_URL}" >&2

if (($# == 0)); then
  echo "DATABASE_URL=${DATABASE_URL}"
  echo 'postgres.sh: Ctrl-C stops and deletes it' >&2
  while true; do sleep 3600; done
fi
"$@"
