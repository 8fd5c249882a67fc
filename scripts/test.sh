#!/usr/bin/env bash
# `npm test`: every suite — unit and integration (vitest, real database), then end-to-end (Playwright
# in Debian's Chromium against the production build). DATABASE_URL set → PostgreSQL, else PGlite.
# Ends with one line "N passed, N failed" summing the suites (CI reads it).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
out="$(mktemp -d)"
status=0

echo "== unit and integration tests ($([[ -n "${DATABASE_URL:-}" ]] && echo PostgreSQL || echo PGlite)) =="
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

if [[ "${SKIP_E2E:-}" != "1" ]]; then
  echo "== production build =="
  if ! node_modules/.bin/next build >"$out/build.log" 2>&1; then
    tail -50 "$out/build.log"; status=1
  else
    echo "== end-to-end tests (Chromium) =="
    PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" node_modules/.bin/playwright test --reporter=list,json || status=1
  fi
fi

node scripts/count-tests.mjs "$out/vitest.json" "$out/playwright.json"
exit $status
