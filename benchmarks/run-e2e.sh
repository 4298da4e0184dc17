#!/usr/bin/env bash
# End-to-end benchmark (issue 8, ADR 0080): BIRD 2 feeds N routes over eBGP to jbgpd, BIRD 2,
# BIRD 1.6, FRR and GoBGP in turn, each in a network namespace, against the kernel floor.
# Needs root. Builds the launcher and the benchmarks jar first (skip with --no-build), then runs
# org.jbgpd.bench.e2e.E2eBenchmark; every other option goes to it (--help lists them).
#   sudo ./benchmarks/run-e2e.sh --sizes 10000,100000,1000000 --runs 3
# Results: benchmarks/results/e2e.md, e2e.svg, e2e-runs.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="./benchmarks/run-e2e.sh $*"
build=1
args=()
for a in "$@"; do
    if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
if [[ $build == 1 ]]; then
    ./mvnw -B -q -DskipTests package
fi
. .mvn/find-jdk.sh
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g \
    -cp benchmarks/target/benchmarks.jar org.jbgpd.bench.e2e.E2eBenchmark \
    --command "$command_line" "${args[@]}"
