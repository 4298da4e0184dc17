#!/usr/bin/env bash
# The Calico-like lab: BIRD 1.6 route reflectors and workers in network namespaces, a gateway
# namespace for jbgpd, and a client on a second network. Run as root.
#
#   lab/lab.sh up [--mode ibgp|ebgp|dynamic] [--md5 KEY]   build it (tears down leftovers first)
#   lab/lab.sh down                                      kill what it started (by PID), delete its namespaces
#   lab/lab.sh status                                    every BIRD's `show protocols`
#   lab/lab.sh describe                                  the topology as "key value..." lines, for tests
#   lab/lab.sh birdc NODE CMD...                         talk to one node's BIRD
#   lab/lab.sh stop-bird NODE | start-bird NODE          stop (gracefully) or start one node's BIRD
#   lab/lab.sh kill-bird NODE                            kill -9 one node's BIRD
#   lab/lab.sh add-block NODE CIDR                       give a worker a new /26 with a pod in it
#   lab/lab.sh gateway-config [--md5 KEY] [--mode M]     print a jbgpd config for the gateway
#   lab/lab.sh wait-established [SECONDS]                wait until every BIRD-to-BIRD session is up
#
# Everything lives in namespaces named $LAB_NS_PREFIX-* (default jb-lab-*: jb-lab-rr1, jb-lab-gw, ...);
# state, configs, logs and sockets in $LAB_STATE (default /run/$LAB_NS_PREFIX). Set LAB_NS_PREFIX
# (starting with jb-lab-) to run a second lab beside the first, as the tests do. Setup is
# idempotent: `up` first removes whatever an earlier run of the same prefix left.
set -euo pipefail
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
. "$LAB_DIR/topology.sh"
. "$LAB_DIR/bird-config.sh"

die() { echo "lab: $*" >&2; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# ---------------------------------------------------------------- teardown
kill_pids() {   # TERM all at once, KILL whatever still lives after 3 s
  local pid i alive
  [ $# -eq 0 ] && return 0
  kill "$@" 2>/dev/null || true
  for i in $(seq 30); do
    alive=""
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && return 0
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -9 $alive 2>/dev/null || true
}

cmd_down() {
  need_root
  local f ns pids=""
  if [ -d "$LAB_STATE" ]; then
    for f in "$LAB_STATE"/*/*.pid; do [ -f "$f" ] && pids="$pids $(cat "$f")" && rm -f "$f"; done
  fi
  # Whatever still runs inside our namespaces (listeners, a jbgpd a test left behind) was started
  # by us: end it by PID, then delete the namespaces themselves.
  # Only this instance's own names, never a pattern: other labs (another prefix) stay untouched.
  local namespaces="" existing; existing=" $(ip netns list | awk '{print $1}' | tr '\n' ' ')"
  for ns in $(lab_all_namespaces); do
    case $existing in *" $ns "*) namespaces="$namespaces $ns" ;; esac
  done
  for ns in $namespaces; do pids="$pids $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"; done
  # shellcheck disable=SC2086
  kill_pids $pids
  for ns in $namespaces; do ip netns del "$ns" 2>/dev/null || true; done
}

# ---------------------------------------------------------------- setup
mk_ns() {
  local ns=$1
  ip netns add "$ns"
  nsx "$ns" ip link set lo up
  nsx "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
}

# Join a namespace to the node network's bridge with one address on its eth0.
attach_to_bridge() {
  local ns=$1 short=$2 addr=$3
  local bridge_ns; bridge_ns=$(lab_ns net)
  ip -n "$bridge_ns" link add "v-$short" type veth peer name eth0 netns "$ns"
  ip -n "$bridge_ns" link set "v-$short" master br0 up
  nsx "$ns" ip addr add "$addr/24" dev eth0
  nsx "$ns" ip link set eth0 up
}

# A worker's pods live in one namespace behind it, wired as Felix wires them: a veth whose node
# side is called cali*, proxy ARP on it, a /32 route per pod, and 169.254.1.1 as the pods' gateway.
make_pods_ns() {
  local node=$1
  local ns; ns=$(lab_ns "$node")
  local pods; pods=$(lab_pods_ns "$node")
  mk_ns "$pods"
  ip -n "$ns" link add calipods0 type veth peer name eth0 netns "$pods"
  nsx "$ns" sysctl -qw net.ipv4.conf.calipods0.proxy_arp=1 net.ipv4.neigh.calipods0.proxy_delay=0
  ip -n "$ns" link set calipods0 up
  nsx "$pods" ip link set eth0 up
  nsx "$pods" ip route add 169.254.1.1 dev eth0 scope link
  nsx "$pods" ip route add default via 169.254.1.1 dev eth0
  local pod; while read -r pod; do add_pod "$node" "$pod"; done < "$LAB_STATE/$node/pods"
  start_listeners "$node" "$pods" "pod"
}

add_pod() {
  local node=$1 pod=$2
  nsx "$(lab_pods_ns "$node")" ip addr add "$pod/32" dev eth0
  # metric 1024: Felix's normal route priority, so LOCAL_PREF comes out as Calico's 2147482623
  ip -n "$(lab_ns "$node")" route add "$pod/32" dev calipods0 scope link metric 1024
}

# One HTTP responder and one echo server per namespace, on every address of it.
start_listeners() {
  local node=$1 ns=$2 what=$3 dir=$LAB_STATE/$1
  nsx "$ns" env LAB_REPLY_WHAT="$what" LAB_REPLY_NODE="$node" setsid \
    socat "TCP-LISTEN:$LAB_POD_HTTP_PORT,reuseaddr,fork" EXEC:"$LAB_DIR/http-reply.sh" \
    </dev/null >/dev/null 2>>"$dir/listeners.log" &
  echo $! > "$dir/$what-http.pid"
  nsx "$ns" setsid socat "TCP-LISTEN:$LAB_POD_ECHO_PORT,reuseaddr,fork" EXEC:cat \
    </dev/null >/dev/null 2>>"$dir/listeners.log" &
  echo $! > "$dir/$what-echo.pid"
}

write_bird_config() {
  local node=$1
  lab_bird_config "$node" "$(cat "$LAB_STATE/mode")" "$(cat "$LAB_STATE/md5")" > "$LAB_STATE/$node/bird.conf"
}

start_bird() {
  local node=$1 dir=$LAB_STATE/$1
  write_bird_config "$node"
  nsx "$(lab_ns "$node")" bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" \
    || die "bird did not start on $node (see $dir/bird.conf)"
}

bird_nodes() {   # the nodes that run BIRD in the current mode
  if [ "$(cat "$LAB_STATE/mode")" = dynamic ]; then lab_worker_names; else lab_names; fi
}

cmd_up() {
  need_root
  local mode=ibgp md5=""
  while [ $# -gt 0 ]; do
    case $1 in
      --mode) mode=$2; shift 2 ;;
      --md5) md5=$2; shift 2 ;;
      *) die "up: unknown option $1" ;;
    esac
  done
  case $mode in ibgp|ebgp|dynamic) ;; *) die "mode must be ibgp, ebgp or dynamic" ;; esac
  command -v bird >/dev/null || die "bird (BIRD 1.6) is not installed: apt-get install bird"
  command -v socat >/dev/null || die "socat is not installed: apt-get install socat"

  cmd_down
  rm -rf "$LAB_STATE"; mkdir -p "$LAB_STATE"
  echo "$mode" > "$LAB_STATE/mode"; echo "$md5" > "$LAB_STATE/md5"

  # The node network: one bridge in a namespace of its own, so the host's namespace is untouched.
  local bridge_ns; bridge_ns=$(lab_ns net)
  mk_ns "$bridge_ns"
  ip -n "$bridge_ns" link add br0 type bridge
  ip -n "$bridge_ns" link set br0 up

  local node
  for node in $(lab_names); do
    mkdir -p "$LAB_STATE/$node"
    if [ "$mode" = dynamic ] && lab_is_rr "$node"; then continue; fi
    mk_ns "$(lab_ns "$node")"
    attach_to_bridge "$(lab_ns "$node")" "$node" "$(lab_addr_of "$node")"
    # The gateway is the node network's router: traffic back to clients goes through it. A default
    # route (not just the client network) also lets proxy ARP answer the pods' 169.254.1.1.
    nsx "$(lab_ns "$node")" ip route add default via "$LAB_GW_NODE_IP"
  done
  for node in $(lab_worker_names); do
    tr ' ' '\n' <<<"$(lab_initial_blocks "$node")" > "$LAB_STATE/$node/blocks"
    tr ' ' '\n' <<<"$(lab_initial_pods "$node")" > "$LAB_STATE/$node/pods"
    make_pods_ns "$node"
    # The service address answers on every worker (kube-proxy would DNAT it to a pod).
    nsx "$(lab_ns "$node")" ip addr add "$LAB_SERVICE_IP/32" dev lo
    start_listeners "$node" "$(lab_ns "$node")" "service"
  done

  # The gateway (jbgpd runs here) and the client behind it.
  local gw; gw=$(lab_ns gw)
  local client; client=$(lab_ns client)
  mkdir -p "$LAB_STATE/gw" "$LAB_STATE/client"
  mk_ns "$gw"; mk_ns "$client"
  attach_to_bridge "$gw" gw "$LAB_GW_NODE_IP"
  ip -n "$gw" link add eth1 type veth peer name eth0 netns "$client"
  nsx "$gw" ip addr add "$LAB_GW_CLIENT_IP/24" dev eth1
  nsx "$gw" ip link set eth1 up
  nsx "$client" ip addr add "$LAB_CLIENT_IP/24" dev eth0
  nsx "$client" ip link set eth0 up
  nsx "$client" ip route add "$LAB_POD_CIDR" via "$LAB_GW_CLIENT_IP"

  for node in $(bird_nodes); do start_bird "$node"; done
  echo "lab: up in $mode mode${md5:+ with MD5 on the gateway sessions}; state in $LAB_STATE"
}

# ---------------------------------------------------------------- operations
bird_sock() { echo "$LAB_STATE/$1/bird.ctl"; }

cmd_birdc() { local node=$1; shift; birdc -s "$(bird_sock "$node")" "$@"; }

cmd_status() {
  local node
  for node in $(bird_nodes); do
    echo "== $node ($(lab_addr_of "$node"))"
    cmd_birdc "$node" show protocols | grep -E '^(name|Node_)' || true
  done
}

# Wait until every BIRD-to-BIRD session is Established (the gateway's are not counted).
cmd_wait_established() {
  local timeout=${1:-60} deadline node pending
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    pending=""
    for node in $(bird_nodes); do
      local out; out=$(cmd_birdc "$node" show protocols 2>/dev/null || true)
      local line
      while read -r line; do
        [ -z "$line" ] && continue
        case $line in *Established*) ;; *) pending="$pending $node:${line%% *}" ;; esac
      done < <(grep '^Node_' <<<"$out" | grep -v "Node_$(echo "$LAB_GW_NODE_IP" | tr . _) " || true)
      [ -z "$out" ] && pending="$pending $node:no-bird"
    done
    [ -z "$pending" ] && { echo "lab: all BIRD sessions Established"; return 0; }
    if [ "$(date +%s)" -ge "$deadline" ]; then
      # Each stuck session's BGP state and last error: without them a timeout says nothing about why.
      local entry detail=""
      for entry in $pending; do
        detail="$detail
  $entry: $(cmd_birdc "${entry%%:*}" show protocols all "${entry#*:}" 2>/dev/null \
                 | grep -E 'BGP state|Last error|Neighbor address' | tr -s ' ' | tr '\n' ';' || true)"
      done
      die "sessions not Established after ${timeout}s:$pending$detail"
    fi
    sleep 0.5
  done
}

cmd_stop_bird() {
  local node=$1 pidf=$LAB_STATE/$1/bird.pid
  [ -f "$pidf" ] || die "no BIRD running on $node"
  local pid; pid=$(cat "$pidf")   # read first: BIRD removes its pid file as it exits
  cmd_birdc "$node" down >/dev/null || true   # graceful: NOTIFICATION Cease to every peer
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill_pids "$pid"; rm -f "$pidf"
}

cmd_kill_bird() {
  local node=$1 pidf=$LAB_STATE/$1/bird.pid
  [ -f "$pidf" ] || die "no BIRD running on $node"
  kill -9 "$(cat "$pidf")" || true; rm -f "$pidf"
}

cmd_add_block() {
  local node=$1 block=$2
  lab_is_rr "$node" && die "add-block: $node is a reflector; blocks belong to workers"
  grep -qx "$block" "$LAB_STATE/$node/blocks" && die "add-block: $node already holds $block"
  echo "$block" >> "$LAB_STATE/$node/blocks"
  # The block's first host address becomes the new pod (a /26 starts on a multiple of 64).
  local base=${block%/*}
  local pod=${base%.*}.$(( ${base##*.} + 1 ))
  echo "$pod" >> "$LAB_STATE/$node/pods"
  add_pod "$node" "$pod"
  # What confd does when IPAM hands the node a block: re-render, then `birdc configure`.
  write_bird_config "$node"
  cmd_birdc "$node" configure >/dev/null
  echo "$pod"
}

cmd_describe() {
  local node
  echo "mode $(cat "$LAB_STATE/mode" 2>/dev/null || echo down)"
  echo "state $LAB_STATE"
  echo "as $LAB_AS"
  echo "tor-as $LAB_TOR_AS"
  echo "gateway $(lab_ns gw) $LAB_GW_NODE_IP $LAB_GW_CLIENT_IP"
  echo "client $(lab_ns client) $LAB_CLIENT_IP"
  echo "service $LAB_SERVICE_IP"
  echo "ports $LAB_POD_HTTP_PORT $LAB_POD_ECHO_PORT"
  for node in $(lab_rr_names); do echo "reflector $node $(lab_ns "$node") $(lab_addr_of "$node")"; done
  for node in $(lab_worker_names); do
    echo "worker $node $(lab_ns "$node") $(lab_addr_of "$node")"
    [ -f "$LAB_STATE/$node/blocks" ] && sed "s/^/block $node /" "$LAB_STATE/$node/blocks"
    [ -f "$LAB_STATE/$node/pods" ] && sed "s/^/pod $node /" "$LAB_STATE/$node/pods"
  done
  return 0
}

# shellcheck source=gateway-config.sh
. "$LAB_DIR/gateway-config.sh"

cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  describe) cmd_describe ;;
  birdc) cmd_birdc "$@" ;;
  stop-bird) cmd_stop_bird "$@" ;;
  start-bird) start_bird "$@" ;;
  kill-bird) cmd_kill_bird "$@" ;;
  add-block) cmd_add_block "$@" ;;
  gateway-config) cmd_gateway_config "$@" ;;
  wait-established) cmd_wait_established "$@" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
