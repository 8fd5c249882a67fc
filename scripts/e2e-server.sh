#!/usr/bin/env bash
# Starts the production build for Playwright on its own port with a fresh database and a real SMTP
# catcher. The build itself is made once by scripts/test.sh (or `npm run build`).
set -euo pipefail
port="${1:-3100}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
run_dir="$root/.data-e2e-$port"
rm -rf "$run_dir" && mkdir -p "$run_dir/mail"
export FAIRSHARE_DATA_DIR="$run_dir"
export E2E_MAIL_DIR="$run_dir/mail"
smtp_port=$((port + 25))
export SMTP_URL="smtp://127.0.0.1:$smtp_port"
if [[ -n "${DATABASE_URL:-}" ]]; then
  # A fresh PostgreSQL database for this run, so the e2e suite never sees another run's data.
  db="fairshare_e2e_${port}"
  psql "$DATABASE_URL" -qc "drop database if exists $db with (force)" -c "create database $db" >/dev/null
  export DATABASE_URL="$(node -e "const u=new URL(process.argv[1]);u.pathname='/$db';console.log(u.toString())" "$DATABASE_URL")"
fi
export NEXTAUTH_URL="http://127.0.0.1:$port"
# A production start refuses a missing, short or placeholder secret (lib/env.ts): this one is long and
# random-looking but fixed, so e2e/auth.spec.ts can forge the session tokens it tests against.
export NEXTAUTH_SECRET="${NEXTAUTH_SECRET:-fairshare-e2e-7d1f0c93a8b54e6f9a2c7b1d3e5f80a4}"
export FAIRSHARE_E2E=1
# Production builds the demo only when asked; the e2e suite runs against it.
export FAIRSHARE_DEMO=1
# Every e2e request comes from 127.0.0.1: raise the per-IP intake limit (lib/intake/rate-limit.ts).
export FAIRSHARE_INTAKE_RATE_LIMIT="${FAIRSHARE_INTAKE_RATE_LIMIT:-1000}"
# Sign-ins per address per minute (lib/auth/authenticate.ts): the suite signs in often from 127.0.0.1.
export FAIRSHARE_SIGNIN_RATE_LIMIT="${FAIRSHARE_SIGNIN_RATE_LIMIT:-20}"
export FAIRSHARE_MASTER_KEY="${FAIRSHARE_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}"
node_modules/.bin/tsx scripts/mail-catcher.ts "$smtp_port" "$E2E_MAIL_DIR" &
catcher=$!
trap 'kill $catcher 2>/dev/null || true' EXIT
worker=""
if [[ -n "${DATABASE_URL:-}" ]]; then
  # On PostgreSQL the web server only queues jobs (lib/jobs/server-worker.ts): run a `fairshare worker`
  # beside it, as a deployment would. It waits for the server to have migrated the fresh database.
  (
    until curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do sleep 1; done
    exec node bin/fairshare.mjs worker --poll 1
  ) &
  worker=$!
fi
NODE_ENV=production node server.mjs -p "$port" -H 127.0.0.1 &
exec_pid=$!
trap 'kill $catcher $exec_pid $worker 2>/dev/null || true' EXIT INT TERM
wait $exec_pid
