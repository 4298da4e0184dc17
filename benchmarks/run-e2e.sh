#!/usr/bin/env bash
# End-to-end benchmark of issue 8 (ADR 0080, 0085, 0088): one command for the whole comparison.
# A BIRD 2 feeder announces N routes over eBGP to jbgpd, BIRD 2, FRR and GoBGP in turn, each in a
# network namespace, next to the kernel floor (C batched netlink writer + jbgpd's Java writer); at 1M
# also jbgpd-nh (kernel.nexthopObjects: true) and c-netlink-nh (the C floor through a nexthop object).
# Needs root, BIRD 2 in /opt/bird2, FRR, GoBGP, gcc (scripts/install-test-deps.sh).
#
#   sudo ./benchmarks/run-e2e.sh                      # the full comparison (about 30 min on a quiet 2-core machine)
#   sudo ./benchmarks/run-e2e.sh --sizes 10000 --runs 1   # a quick check of the harness (~3 min)
#
# Builds the launcher and benchmarks/target/benchmarks.jar first (./mvnw -DskipTests package;
# --no-build skips it), runs org.jbgpd.bench.e2e.E2eBenchmark (every other option goes to it, listed
# below), then start-up to Established and Calico-scale RSS with benchmarks/startup-memory.sh
# --metrics, as a default config runs (--startup-runs N, 0 to skip), then a short pass of every JMH suite in benchmarks.jar (decode,
# encode, engine; --no-jmh skips it). Writes into benchmarks/results/ (or --out): e2e.md (tables,
# machine, command, summary, seconds per part), e2e.svg (chart), e2e-runs.csv (every run),
# e2e-summary.txt (the lines to quote), startup-memory.txt, jmh.txt, e2e-run.log (this output).
# The e2e files are rewritten after every measurement, so a run that stops keeps what it had.
# Exit status 0 when every receiver produced figures, 1 when some did not (the summary says
# which and why), 2 usage. What is recorded with the results: benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="./benchmarks/run-e2e.sh $*"
build=1; startup_runs=3; jmh=1; out=benchmarks/results; help=0; name_prefix=jb-bn-
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=0 ;;
        --no-jmh) jmh=0 ;;
        --startup-runs) startup_runs=$2; shift ;;
        --startup-runs=*) startup_runs=${1#*=} ;;
        --out) out=$2; args+=("$1" "$2"); shift ;;
        --out=*) out=${1#*=}; args+=("$1") ;;
        --name-prefix) name_prefix=$2; args+=("$1" "$2"); shift ;;
        --name-prefix=*) name_prefix=${1#*=}; args+=("$1") ;;
        -h|--help) help=1 ;;
        *) args+=("$1") ;;
    esac
    shift
done
if [[ $help == 1 ]]; then
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    echo
    echo "Options of this script: --no-build, --startup-runs N (default 3; 0 skips start-up/RSS), --no-jmh."
    if [[ -f benchmarks/target/benchmarks.jar ]]; then
        . .mvn/find-jdk.sh
        "$JAVA_HOME/bin/java" -cp benchmarks/target/benchmarks.jar org.jbgpd.bench.e2e.E2eBenchmark --help
    else
        echo "(build once with ./mvnw -B -DskipTests package to see the harness options)"
    fi
    exit 0
fi
started=$SECONDS
[[ $(id -u) == 0 ]] || { echo "run-e2e: needs root (network namespaces); run it with sudo" >&2; exit 2; }
if [[ $build == 1 ]]; then
    echo "$(date -u +%H:%M:%S) building: ./mvnw -B -q -DskipTests package"
    ./mvnw -B -q -DskipTests package
    echo "  took $((SECONDS - started)) s"
fi
. .mvn/find-jdk.sh
mkdir -p "$out"
log=$out/e2e-run.log
set +e
# The harness shares the receiver's cores (ADR 0096 addendum): C1 only (C2's compiles of the poll loop were a
# third of its CPU during a 1M install) and the serial collector (no G1 refinement/concurrent threads).
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp benchmarks/target/benchmarks.jar org.jbgpd.bench.e2e.E2eBenchmark \
    --command "$command_line" "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
[[ $status == 2 ]] && exit 2
if (( startup_runs > 0 )); then
    echo | tee -a "$log"
    echo "$(date -u +%H:%M:%S) start-up to Established and Calico-scale RSS: startup-memory.sh --runs $startup_runs --metrics (the default config serves /metrics)" | tee -a "$log"
    t0=$SECONDS
    if ./benchmarks/startup-memory.sh --runs "$startup_runs" --metrics --prefix "${name_prefix}m-" > "$out/startup-memory.txt" 2>&1; then
        cat "$out/startup-memory.txt" >> "$log"
        line="startup    5k jbgpd            $(grep '^median:' "$out/startup-memory.txt" | sed 's/^median: //') [targets: < 1 s to Established, < 64 MiB RSS]"
        echo "$line" | tee -a "$log" "$out/e2e-summary.txt"
        printf '\n## Start-up to Established and RSS at Calico scale (5k routes)\n\n`./benchmarks/startup-memory.sh --runs %s --metrics` (ADR 0081, 0095):\n\n```\n%s\n```\n' \
            "$startup_runs" "$(grep -v '^AOT' "$out/startup-memory.txt")" >> "$out/e2e.md"
    else
        echo "startup-memory.sh failed (status $?): $(tail -3 "$out/startup-memory.txt")" | tee -a "$log"
        status=1
    fi
    echo "  took $((SECONDS - t0)) s" | tee -a "$log"
fi
if (( jmh )); then
    echo | tee -a "$log"
    echo "$(date -u +%H:%M:%S) JMH suites, short pass (-f 1 -wi 1 -w 2s -i 3 -r 2s): $out/jmh.txt" | tee -a "$log"
    t0=$SECONDS
    if "$JAVA_HOME/bin/java" -jar benchmarks/target/benchmarks.jar -f 1 -wi 1 -w 2s -i 3 -r 2s > "$out/jmh.txt" 2>&1; then
        sed -n '/^Benchmark /,$p' "$out/jmh.txt" | tee -a "$log"
        printf '\n## JMH, short pass\n\n`java -jar benchmarks/target/benchmarks.jar -f 1 -wi 1 -w 2s -i 3 -r 2s` (load average after: %s):\n\n```\n%s\n```\n' \
            "$(cut -d' ' -f1-3 /proc/loadavg)" "$(sed -n '/^Benchmark /,$p' "$out/jmh.txt")" >> "$out/e2e.md"
    else
        echo "JMH failed: $(tail -3 "$out/jmh.txt")" | tee -a "$log"
        status=1
    fi
    echo "  took $((SECONDS - t0)) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
fi
echo | tee -a "$log"
echo "$(date -u +%H:%M:%S) all done in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (exit status $status); lines to quote: $out/e2e-summary.txt, full report: $out/e2e.md" | tee -a "$log"
exit "$status"
