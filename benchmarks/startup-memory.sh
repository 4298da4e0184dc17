#!/usr/bin/env bash
# Start-up time and Calico-scale memory of jbgpd (issue 8, ADR 0081). Needs root and BIRD 2.
#   sudo ./benchmarks/startup-memory.sh [--runs 5] [--routes 5000] [--aot | --no-aot] [--metrics [--scrape [--scrapes 240]]]
#        [--prefix jb-mem-] [--settle 5] [--jbgpd DIR]
# A BIRD 2 peer (passive, N static /24s) in namespace PREFIX-feed; jbgpd (the built launcher,
# bgp-daemon/target/jbgpd/bin/jbgpd, JBGPD_JAVA_OPTS passed through) in PREFIX-rx connects to it.
# Per run: start ms = from exec of the launcher to the "Established" log line (the log read through a
# pipe that stamps each line on arrival), and the daemon's CPU ms when that line was seen; then, once the kernel holds all N routes and 5 s have
# passed (--settle), VmRSS and VmHWM (peak) of the daemon. Prints every run and the medians.
# By default the launcher runs as a user runs it: with the AOT cache the build recorded in lib/ when it
# could (ADR 0135). --aot: one training start first with JBGPD_AOT_CACHE set, as under systemd (the
# daemon writes the cache once warm, or when it stops; ADR 0125), then every measured run uses that
# cache. --no-aot: no cache at all (JBGPD_AOT_CACHE=off). Each run says whether the JVM mapped a cache.
# --metrics: /metrics on 127.0.0.1:9179 as in a default config (off otherwise).
# --scrape: a daemon that Prometheus has scraped for a while, as users run it (ADR 0130). Once the
# routes are in, one scrape (Prometheus's first, which builds the meters; a training start then waits
# until its cache is written, as a real first scrape is followed by the next only an interval later),
# then --scrapes N more (default 240: an hour at the usual 15 s interval) back to back over one kept-
# alive connection, as Prometheus holds its connection; scraping goes on, up to 5000, until the JVM has
# run a GC since the first scrape (jvm_gc_pause_seconds_count), because a long-running daemon has
# collected after being scraped (the first one loads what GC metrics need; old generation holds what
# was promoted). The sample comes --settle seconds after the last scrape, 15 by default here (5 otherwise):
# the compiles the scrapes set off give their compiler memory back within ~10 s (the JVM's arena pool
# 5 s, the native trim 1 s), as they would between scrapes 15 s apart. Back to back is harsher than an
# hour in one way: every GC lands in a scrape, whose objects get promoted. --scrapes 0: one scrape and
# a 5 s settle, the figure of before ADR 0130.
# --jbgpd DIR: the jbgpd folder to run (default bgp-daemon/target/jbgpd): a saved copy of another build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5; routes=5000; aot=0; prefix=jb-mem-; settle=; metrics=false; scrape=0; scrapes=240; dist=bgp-daemon/target/jbgpd
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --routes) routes=$2; shift 2 ;;
        --aot) aot=1; shift ;;
        --no-aot) aot=off; shift ;;
        --metrics) metrics=true; shift ;;
        --scrape) metrics=true; scrape=1; shift ;;
        --prefix) prefix=$2; shift 2 ;;
        --settle) settle=$2; shift 2 ;;
        --scrapes) scrapes=$2; shift 2 ;;
        --jbgpd) dist=$2; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
jbgpd=$(readlink -f "$dist")/bin/jbgpd
settle=${settle:-$(( scrape && scrapes > 0 ? 15 : 5 ))}
bird=/opt/bird2/usr/sbin/bird
[[ -x $bird ]] || bird=$(command -v bird || true)
[[ -x $jbgpd ]] || { echo "build the launcher first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
[[ -n $bird ]] && "$bird" --version 2>&1 | grep -q 'version 2' || { echo "needs BIRD 2 (scripts/install-test-deps.sh)" >&2; exit 2; }
feed=${prefix}feed; rx=${prefix}rx
# One run per prefix at a time: a second one would delete the first one's namespaces under it.
exec 9>"/tmp/${prefix}startup.lock"
flock -n 9 || { echo "startup-memory: another run uses the namespaces ${prefix}feed/${prefix}rx; wait or pass another --prefix" >&2; exit 2; }
work=$(mktemp -d /tmp/jbgpd-startup.XXXXXX)
jpid=""
cleanup() {
    [[ -n $jpid ]] && kill "$jpid" 2>/dev/null && wait "$jpid" 2>/dev/null || true
    [[ -f $work/bird.pid ]] && kill "$(cat "$work/bird.pid")" 2>/dev/null || true
    ip netns del "$feed" 2>/dev/null || true
    ip netns del "$rx" 2>/dev/null || true
}
trap 'cleanup; rm -rf "$work"' EXIT
cleanup
ip netns add "$feed"; ip netns add "$rx"
ip -n "$feed" link set lo up; ip -n "$rx" link set lo up
ip link add "${prefix}f" netns "$feed" type veth peer name "${prefix}r" netns "$rx"
ip -n "$feed" addr add 198.51.100.1/24 dev "${prefix}f"; ip -n "$rx" addr add 198.51.100.2/24 dev "${prefix}r"
ip -n "$feed" link set "${prefix}f" up; ip -n "$rx" link set "${prefix}r" up
{
    echo "router id 198.51.100.1;"
    echo "protocol device { scan time 60; }"
    echo "protocol static feed { ipv4;"
    for ((i = 0; i < routes; i++)); do echo "  route 10.20.$(((i >> 8) & 255)).$((i & 255))/32 blackhole;"; done
    echo "}"
    echo "protocol bgp jbgpd { local 198.51.100.1 as 64512; neighbor 198.51.100.2 as 64512; passive on;"
    echo "  ipv4 { import none; export all; }; }"
} > "$work/bird.conf"
ip netns exec "$feed" "$bird" -c "$work/bird.conf" -s "$work/bird.ctl" -P "$work/bird.pid" 9>&-  # the daemon must not keep our lock
cat > "$work/jbgpd.yaml" <<YAML
routerId: 198.51.100.2
asNumber: 64512
listen: {enabled: true, address: "::", port: 179}
peers:
  - {name: rr1, address: 198.51.100.1, asNumber: 64512, families: [ipv4], importPolicy: all, exportPolicy: none}
kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
control: {socket: $work/jbgpd.sock}
metrics: {enabled: $metrics, address: 127.0.0.1, port: 9179}
logging: {level: info}
YAML
kernel_routes() { ip netns exec "$rx" ip -4 route show table 254 proto 186 | wc -l; }

# $1 scrapes of /metrics over one connection (curl keeps it alive between URLs); the last answer in scrape.txt.
scrape_metrics() {
    local urls=() i
    for ((i = 1; i < $1; i++)); do urls+=(-o /dev/null http://127.0.0.1:9179/metrics); done
    ip netns exec "$rx" curl -sf "${urls[@]}" -o "$work/scrape.txt" http://127.0.0.1:9179/metrics || { echo "/metrics did not answer" >&2; exit 1; }
    scraped_n=$((scraped_n + $1))
}
# GCs the daemon counted in its last answer (every collector, every cause).
gc_count() { awk '/^jvm_gc_pause_seconds_count/ { n += $NF } END { printf "%d", n }' "$work/scrape.txt"; }

# One daemon start: sets start_ms, cpu_ms, rss_kb, hwm_kb, scraped_n, gcs. $1 = log file.
one_run() {
    local log=$1 t0
    : > "$log"
    t0=$EPOCHREALTIME
    ip netns exec "$rx" "$jbgpd" --config "$work/jbgpd.yaml" 9>&- \
        > >(while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done >> "$log") 2>&1 &
    jpid=$!
    local deadline=$((SECONDS + 60))
    until grep -q ' Established' "$log"; do
        (( SECONDS < deadline )) || { echo "no Established within 60 s:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.01
    done
    start_ms=$(awk -v t0="$t0" '/ Established/ { printf "%d", ($1 - t0) * 1000; exit }' "$log")
    cache_used=$(awk '$NF ~ /\.aot$/ { print $NF; exit }' "/proc/$jpid/maps")
    # CPU the JVM used up to about then (utime + stime, clock ticks): on a busy machine wall time
    # mostly measures the wait for a CPU, this does not.
    cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$jpid/stat")
    until (( $(kernel_routes) >= routes )); do
        (( SECONDS < deadline )) || { echo "routes not installed within 60 s" >&2; exit 1; }
        sleep 0.2
    done
    scraped_n=0; gcs=0
    if (( scrape )); then
        scrape_metrics 1
        grep -q "^jbgpd_peer_up" "$work/scrape.txt" || { echo "no jbgpd_peer_up in /metrics" >&2; exit 1; }
        local gc0; gc0=$(gc_count)
        if [[ -n ${JBGPD_AOT_CACHE-} && $JBGPD_AOT_CACHE != off && ! -e $JBGPD_AOT_CACHE.ok ]]; then
            # A recording run: the daemon writes the cache about 2 s after the first scrape (ADR 0125).
            until [[ -e $JBGPD_AOT_CACHE.ok ]] || (( SECONDS >= deadline )); do sleep 0.2; done
        fi
        local more=$scrapes
        while (( more > 0 )); do
            scrape_metrics "$more"
            (( $(gc_count) > gc0 || scraped_n >= 5000 )) && break
            more=$(( scrapes > 0 ? scrapes : 10 ))
        done
        gcs=$(( $(gc_count) - gc0 ))
    fi
    sleep "$settle"
    rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$jpid/status")
    hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$jpid/status")
    kill "$jpid"; wait "$jpid" 2>/dev/null || true; jpid=""
    # keepOnExit: false, so the daemon removed its routes; wait until it has.
    until (( $(kernel_routes) == 0 )); do sleep 0.2; done
}

if [[ $aot == off ]]; then
    export JBGPD_AOT_CACHE=off
elif (( aot )); then
    export JBGPD_AOT_CACHE=$work/jbgpd.aot
    one_run "$work/train.log"
    [[ -s $JBGPD_AOT_CACHE ]] || { echo "the training run wrote no AOT cache" >&2; cat "$work/train.log" >&2; exit 1; }
    echo "AOT cache: $(stat -c %s "$JBGPD_AOT_CACHE") bytes (training start ${start_ms} ms)"
fi
echo "jbgpd $(git rev-parse --short HEAD), $routes routes, JBGPD_JAVA_OPTS='${JBGPD_JAVA_OPTS-}', aot=$( [[ $aot == off ]] && echo off || { (( aot )) && echo recorded-first || echo as-built; }), metrics=$metrics, scrape=$scrape$( (( scrape )) && echo " (then $scrapes more, until a GC)"), $(nproc) CPUs, $(uptime | sed 's/.*load/load/')"
starts=(); cpus=(); rsss=(); hwms=()
for ((r = 1; r <= runs; r++)); do
    one_run "$work/run$r.log"
    printf 'run %d: start-to-Established %d ms (CPU %d ms), RSS %.1f MiB, peak RSS %.1f MiB%s, AOT cache %s\n' "$r" "$start_ms" "$cpu_ms" "$(echo "$rss_kb/1024" | bc -l)" "$(echo "$hwm_kb/1024" | bc -l)" \
        "$( (( scrape )) && echo ", $scraped_n scrapes, $gcs GCs since the first")" "${cache_used:-none}"
    starts+=("$start_ms"); cpus+=("$cpu_ms"); rsss+=("$rss_kb"); hwms+=("$hwm_kb")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
printf 'median: start-to-Established %d ms (CPU %d ms), RSS %.1f MiB, peak RSS %.1f MiB (%d runs, %s)\n' \
    "$(median "${starts[@]}")" "$(median "${cpus[@]}")" "$(echo "$(median "${rsss[@]}")/1024" | bc -l)" "$(echo "$(median "${hwms[@]}")/1024" | bc -l)" "$runs" "$(uptime | sed 's/.*load/load/')"
