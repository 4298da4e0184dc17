#!/usr/bin/env bash
# Records the AOT cache that ships with the build in lib/jbgpd.aot (ADR 0135), as the package phase's
# last step: a first `jbgpd` start then maps the classes and linked call sites of a start instead of
# loading, parsing and linking them (on a 2-core VM: ~0.7 s instead of ~1.1 s to Established).
#   record-aot-cache.sh DIST        DIST = the assembled folder with bin/ and lib/ (target/jbgpd)
# The training run is an ordinary recording start of the launcher (JBGPD_AOT_CACHE=DIST/lib/jbgpd.aot):
# jbgpd peers over eBGP with a second jbgpd that announces two prefixes, installs them, answers one
# /metrics scrape, and once warm writes the cache and its stamp (the launcher's key: JDK, jars, flags;
# ADR 0125). Both run in a network namespace of their own (unshare; a user namespace as well when
# not root), on its loopback, so the training never touches the machine's routes or ports.
# Never fails the build: without unshare/ip or when the training does not finish, lib/ has no cache and
# the launcher starts without one, as it always did (a message says why).
# JBGPD_AOT_TRAINING=off skips it.
set -u
dist=$(cd "$1" && pwd)
cache=$dist/lib/jbgpd.aot
say() { echo "[jbgpd aot] $*"; }

if [[ ${2-} != --inside ]]; then
    rm -f "$cache" "$cache.ok" "$cache.config"
    if [[ ${JBGPD_AOT_TRAINING-} == off ]]; then say "JBGPD_AOT_TRAINING=off: no AOT cache in lib/"; exit 0; fi
    # The launcher's key covers JBGPD_JAVA_OPTS: the shipped cache is for the plain launcher.
    unset JBGPD_JAVA_OPTS JBGPD_AOT_CACHE CACHE_DIRECTORY
    if (( $(id -u) == 0 )); then ns=(unshare --net); else ns=(unshare --net --map-root-user); fi
    if ! command -v ip >/dev/null || ! "${ns[@]}" true 2>/dev/null; then
        say "no private network namespace here (needs unshare and ip): no AOT cache in lib/, starts take longer"
        exit 0
    fi
    work=$(mktemp -d)
    "${ns[@]}" bash "$0" "$dist" --inside "$work"
    status=$?
    if (( status != 0 )) || [[ ! -s $cache.ok ]]; then
        rm -f "$cache" "$cache.ok"
        say "the training run did not finish (status $status): no AOT cache in lib/; its logs:"
        tail -n 20 "$work"/*.log 2>/dev/null | sed 's/^/  /'
    else
        say "recorded $(du -k "$cache" | cut -f1) KiB in lib/jbgpd.aot"
    fi
    rm -rf "$work"
    exit 0
fi

# Inside the namespace: only its loopback, up.
work=$3
ip link set lo up || exit 1
cat > "$work/trainee.yaml" <<YAML
routerId: 192.0.2.1
asNumber: 64512
listen: {enabled: true, address: 127.0.0.1, port: 179}
peers:
  - {name: trainer, address: 127.0.0.2, asNumber: 64513, families: [ipv4, ipv6], importPolicy: all, exportPolicy: none}
kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
control: {socket: $work/trainee.sock}
metrics: {enabled: true, address: 127.0.0.1, port: 9179}
logging: {level: info}
YAML
cat > "$work/trainer.yaml" <<YAML
routerId: 192.0.2.2
asNumber: 64513
listen: {enabled: true, address: 127.0.0.2, port: 179}
peers:
  - {name: trainee, address: 127.0.0.1, asNumber: 64512, families: [ipv4, ipv6], passive: true, importPolicy: none, exportPolicy: all}
announce:
  - {prefix: 198.51.100.0/24, nextHop: 127.0.0.2}
  - {prefix: 203.0.113.0/24, nextHop: 127.0.0.2}
kernel: {enabled: false}
control: {socket: $work/trainer.sock}
metrics: {enabled: false}
logging: {level: info}
YAML

JBGPD_AOT_CACHE=off "$dist/bin/jbgpd" --config "$work/trainer.yaml" > "$work/trainer.log" 2>&1 &
trainer=$!
JBGPD_AOT_CACHE=$cache "$dist/bin/jbgpd" --config "$work/trainee.yaml" > "$work/trainee.log" 2>&1 &
trainee=$!

# One /metrics answer after Established makes the daemon warm; it writes the cache ~2 s later.
scrape() {
    exec 3<>/dev/tcp/127.0.0.1/9179 || return 1
    printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    cat <&3 > "$work/metrics.txt"
    exec 3>&-
}
deadline=$((SECONDS + 60))
until [[ -s $cache.ok ]] || (( SECONDS >= deadline )); do
    kill -0 "$trainee" 2>/dev/null || break
    grep -q ' Established' "$work/trainee.log" && scrape 2>/dev/null
    sleep 0.5
done
# A clean stop takes well under a second; one that hangs must not hang the build.
for pid in "$trainee" "$trainer"; do
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
[[ -s $cache.ok ]]
