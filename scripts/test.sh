#!/usr/bin/env bash
# Runs every test of every module: unit tests, the real-traffic (MRT) tests, the fuzz regression
# corpus, and the tests that need root and network namespaces. Without root those are skipped
# with one line each saying why; with CI=true nothing may be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "note: not root, so the network-namespace tests will be skipped (run with sudo to include them)" >&2
fi
exec ./mvnw -B verify "$@"
