#!/usr/bin/env bash
# The one-command demo: jbgpd as the gateway of a Calico-like cluster, on this machine.
#
#   sudo ./scripts/demo.sh [--mode ibgp|ebgp|dynamic] [--md5 KEY] [--no-build]
#
# 1. installs BIRD 1.6, socat and curl if missing (Debian), 2. builds jbgpd, 3. stands up the lab
# (lab/lab.sh: BIRD route reflectors and workers in network namespaces, pods, a client network),
# 4. runs jbgpd in the gateway namespace, 5. shows `jbgpctl show peers`, the gateway's kernel
# routes (protocol 186) and a client reaching pods and the service through the gateway,
# 6. tears everything down on exit or Ctrl-C. Every step says what it ran; a step that cannot run
# yet says so and the demo stops there with exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=ibgp MD5="" BUILD=yes
while [ $# -gt 0 ]; do
  case $1 in
    --mode) MODE=$2; shift 2 ;;
    --md5) MD5=$2; shift 2 ;;
    --no-build) BUILD=no; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
not_yet() { printf '\n\033[1;33mNOT YET POSSIBLE:\033[0m %s\n' "$*"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "demo: run as root (sudo ./scripts/demo.sh): it creates network namespaces" >&2; exit 2; }

LAB="$ROOT/lab/lab.sh"
BIN="$ROOT/bgp-daemon/target/jbgpd/bin"
PREFIX=${LAB_NS_PREFIX:-jb-lab}
STATE=${LAB_STATE:-/run/$PREFIX}
GW_NS=$PREFIX-gw
CLIENT_NS=$PREFIX-client
JBGPD_PID=""

cleanup() {
  set +e
  if [ -n "$JBGPD_PID" ] && kill -0 "$JBGPD_PID" 2>/dev/null; then
    kill "$JBGPD_PID"; for _ in $(seq 50); do kill -0 "$JBGPD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$JBGPD_PID" 2>/dev/null
  fi
  step "tearing the lab down"
  "$LAB" down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "1. prerequisites"
missing=""
for p in bird:bird birdc:bird socat:socat curl:curl; do
  command -v "${p%%:*}" >/dev/null || missing="$missing ${p#*:}"
done
if [ -n "$missing" ]; then
  run apt-get update -qq
  # shellcheck disable=SC2086
  run apt-get install -y -qq $(echo $missing | tr ' ' '\n' | sort -u) >/dev/null
fi
echo "BIRD: $(bird --version 2>&1)"

step "2. building jbgpd"
if [ "$BUILD" = yes ]; then
  run ./mvnw -B -q -DskipTests package -pl bgp-daemon -am
fi
[ -x "$BIN/jbgpd" ] || { echo "demo: $BIN/jbgpd missing; build with ./mvnw -DskipTests package" >&2; exit 1; }

step "3. the Calico-like lab ($MODE mode${MD5:+, MD5 on the gateway sessions})"
start=$(date +%s)
run "$LAB" up --mode "$MODE" ${MD5:+--md5 "$MD5"}
[ "$MODE" != dynamic ] && run "$LAB" wait-established 120
run "$LAB" status

step "4. jbgpd in the gateway namespace ($GW_NS)"
CONFIG=$STATE/gw/jbgpd.yaml
"$LAB" gateway-config > "$CONFIG"
echo "config: $CONFIG"; sed 's/^/    /' "$CONFIG"
run "$BIN/jbgpd" --config "$CONFIG" --check
printf '$ ip netns exec %s %s --config %s &\n' "$GW_NS" "$BIN/jbgpd" "$CONFIG"
ip netns exec "$GW_NS" "$BIN/jbgpd" --config "$CONFIG" >"$STATE/gw/jbgpd.log" 2>&1 &
JBGPD_PID=$!
# Up when its control socket appears; a build that cannot run the daemon exits instead.
for _ in $(seq 120); do
  kill -0 "$JBGPD_PID" 2>/dev/null || break
  [ -S "$STATE/gw/jbgpd.sock" ] && break
  sleep 0.5
done
if ! kill -0 "$JBGPD_PID" 2>/dev/null; then
  wait "$JBGPD_PID" || status=$?
  echo "jbgpd exited with status ${status:-0}; its output:"; sed 's/^/    /' "$STATE/gw/jbgpd.log"
  JBGPD_PID=""
  step "what the gateway would learn (the reflectors' table, from BIRD)"
  [ "$MODE" != dynamic ] && run "$LAB" birdc rr1 show route
  not_yet "this build of jbgpd does not run the daemon yet, so sessions, kernel routes and the \
client-to-pod connection through the gateway cannot be shown. The lab and 'jbgpd --check' above are real."
fi

step "5. sessions, as the cluster sees them and as jbgpd sees them"
expected=$(cat "$STATE"/w*/blocks | wc -l)
deadline=$(( $(date +%s) + 60 ))
until [ "$(ip -n "$GW_NS" route show proto 186 | grep -c '^10\.20\.')" -ge "$((expected + 1))" ]; do
  [ "$(date +%s)" -ge "$deadline" ] && { echo "demo: the pod routes did not all reach the gateway's kernel within 60 s"; break; }
  sleep 0.5
done
run "$LAB" status
run "$BIN/jbgpctl" --socket "$STATE/gw/jbgpd.sock" show peers || echo "(jbgpctl show peers failed: see above)"

step "6. the gateway's kernel routes (protocol 186 = jbgpd)"
run ip -n "$GW_NS" route show proto 186

step "7. a client outside the cluster reaches pods through the gateway"
run ip -n "$CLIENT_NS" route show
while read -r kind node addr; do
  run ip netns exec "$CLIENT_NS" curl -sS -m 5 "http://$addr:8080/" || echo "(no answer from $addr)"
done < <("$LAB" describe | awk '$1 == "pod" {print "pod", $2, $3}')
run ip netns exec "$CLIENT_NS" curl -sS -m 5 "http://10.20.255.10:8080/" || echo "(no answer from the service)"

echo
echo "demo: done in $(( $(date +%s) - start )) s after the build; tearing down."
