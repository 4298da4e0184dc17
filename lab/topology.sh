# The lab's fixed topology: names, addresses, AS numbers. Sourced by lab.sh and bird-config.sh.
# Java tests read the same facts through `lab.sh describe`, so this file is the only place they live.

# Several labs can live side by side (the demo, and each test run with its own prefix, e.g.
# LAB_NS_PREFIX=jb-lab-4711): every namespace name and the state folder derive from the prefix.
LAB_NS_PREFIX=${LAB_NS_PREFIX:-jb-lab}
LAB_STATE=${LAB_STATE:-/run/$LAB_NS_PREFIX}

LAB_AS=64512                 # Calico's default cluster AS
LAB_TOR_AS=7675              # the gateway's AS in eBGP mode, as if it were a top-of-rack switch
LAB_RR_CLUSTER_ID=244.0.0.1  # the cluster id Calico's route-reflector docs use
LAB_NODE_NET=198.51.100.0/24
LAB_CLIENT_NET=203.0.113.0/24
LAB_POD_CIDR=10.20.0.0/16    # the IPPool
LAB_SERVICE_IP=10.20.255.10  # a LoadBalancer/external IP that every worker advertises (serviceExternalIPs)

# name:address of the route reflectors (Calico nodes with routeReflectorClusterID set)
LAB_RRS="rr1:198.51.100.11 rr2:198.51.100.12"
# name:address of the worker nodes
LAB_WORKERS="w1:198.51.100.21 w2:198.51.100.22 w3:198.51.100.23"

LAB_GW_NODE_IP=198.51.100.250    # the gateway's leg on the node network (jbgpd's router id and source)
LAB_GW_CLIENT_IP=203.0.113.1     # the gateway's leg on the client network
LAB_CLIENT_IP=203.0.113.10       # a machine outside the cluster

LAB_POD_HTTP_PORT=8080   # every pod and every node's service address answers one line of HTTP here
LAB_POD_ECHO_PORT=7007   # every pod echoes bytes back here (long-lived connections)

# Initial IPAM: the /26 blocks each worker holds (Calico block affinities), and the pod addresses
# in use. A pod address outside the node's own blocks is "borrowed" and exported as a /32.
lab_initial_blocks() {
  case $1 in
    w1) echo "10.20.1.0/26 10.20.1.64/26" ;;
    w2) echo "10.20.2.0/26" ;;
    w3) echo "10.20.3.0/26" ;;
  esac
}
lab_initial_pods() {
  case $1 in
    w1) echo "10.20.1.1 10.20.1.65" ;;
    w2) echo "10.20.2.1 10.20.1.70" ;;   # 10.20.1.70 is borrowed from w1's block 10.20.1.64/26
    w3) echo "10.20.3.1" ;;
  esac
}

lab_ns() { echo "$LAB_NS_PREFIX-$1"; }          # jb-lab-rr1, jb-lab-w1, jb-lab-gw, ...
lab_pods_ns() { echo "$LAB_NS_PREFIX-$1-pods"; } # the namespace that holds a worker's pods
lab_addr_of() {                                  # lab_addr_of rr1 -> 198.51.100.11
  local entry
  for entry in $LAB_RRS $LAB_WORKERS; do
    [ "${entry%%:*}" = "$1" ] && { echo "${entry#*:}"; return 0; }
  done
  return 1
}
lab_all_namespaces() {   # every namespace this lab instance may create, and nothing else
  local n
  echo "$(lab_ns net) $(lab_ns gw) $(lab_ns client)"
  for n in $(lab_names); do echo "$(lab_ns "$n")"; done
  for n in $(lab_worker_names); do echo "$(lab_pods_ns "$n")"; done
}
lab_names() { local e; for e in $LAB_RRS $LAB_WORKERS; do echo "${e%%:*}"; done; }
lab_rr_names() { local e; for e in $LAB_RRS; do echo "${e%%:*}"; done; }
lab_worker_names() { local e; for e in $LAB_WORKERS; do echo "${e%%:*}"; done; }
