#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs
# lint, the build and every test. This is the README's test command and
# what CI (.ci/run) runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the integration tests run for real.
need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v victoria-metrics >/dev/null 2>&1 || need+=(victoria-metrics)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The TLS integration test makes its certificate with openssl.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# The soak (bench/soak.ts) loads the service with wrk.
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${need[@]}"
fi

# Node 24 comes from the `node` devDependency: npm scripts run on it.
npm ci --no-audit --no-fund
npm run lint
npm run build
npm test
# The service under load for 60 s after a 100 s warm-up: no error, no lost
# event, memory kept flat (docs/RELIABILITY.md says how it is judged).
SOAK_SECONDS=60 SOAK_WRITE_DOCS=0 npm run soak
