#!/usr/bin/env bash
# The one test command (`npm test`, and `.ci/run` after `npm ci`): system packages, typecheck,
# lint, unit tests (the server and sync tests on SQLite, then again on PostgreSQL), build, browser
# tests, then a summary whose last line is `tests: N passed, M failed`. Every step runs even if an
# earlier one failed, so one run shows everything that is wrong; the script exits non-zero if any
# step failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
step() {
  local name=$1
  shift
  echo "── ${name}"
  if ! "$@"; then
    echo "✗ ${name} failed" >&2
    failed+=("${name}")
  fi
}

# Debian packages the browser tests, the road-graph import and the PostgreSQL run need.
system_packages() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v osmium >/dev/null 2>&1 || missing+=(osmium-tool)
  # scripts/postgres.sh would install it too; asking here shares one apt-get update.
  if [[ -z ${DATABASE_URL:-} ]] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
  fi
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  # errexit does not apply inside a step, hence the explicit returns.
  "${sudo[@]}" apt-get update || return 1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" || return 1
}

rm -rf test-results
mkdir -p test-results

step 'system packages' system_packages
step typecheck npm run typecheck
step lint npm run lint
step 'unit tests' npx vitest run --project unit --exclude tests/server/postgres.test.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/unit.json
# The server and sync tests again on PostgreSQL: DATABASE_URL if set, else a throwaway cluster.
# The convergence property opens SQLite files itself, so a second run would only repeat it.
step 'unit tests on PostgreSQL' bash scripts/postgres.sh env TEST_BACKEND=postgres \
  npx vitest run --project unit tests/server tests/sync --exclude tests/sync/convergence.property.test.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/unit-postgres.json
step build npm run build
if [[ " ${failed[*]} " == *" build "* ]]; then
  echo '✗ browser tests skipped: the build failed' >&2
  failed+=('browser tests')
else
  step 'bundle budget' node scripts/bundle-budget.mjs dist
  step 'browser tests' npx vitest run --project e2e --passWithNoTests \
    --reporter=default --reporter=json --outputFile.json=test-results/e2e.json
fi

((${#failed[@]} == 0)) || printf '✗ failed step: %s\n' "${failed[@]}" >&2
summary=0
node scripts/test-summary.mjs test-results/*.json || summary=$?
((${#failed[@]} == 0 && summary == 0))
