#!/usr/bin/env bash
# Installs the programs the integration tests and benchmarks run against, on Debian 12, as root.
# Called by .ci/run; safe to run again. BIRD 1.6 (`bird`, what Calico's fork is based on) and
# BIRD 2 (`bird2`) conflict as packages, so BIRD 1.6 is installed and BIRD 2 is unpacked into
# /opt/bird2 (binaries /opt/bird2/usr/sbin/{bird,birdc}); tests find it there.
# socat: the Calico lab's pod listeners (lab/lab.sh).
# gcc, libc6-dev: the C kernel-floor writer the netlink benchmark compiles (benchmarks, ADR 0031).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    iproute2 procps psmisc kmod netcat-openbsd curl socat \
    bird frr gobgpd tshark gcc libc6-dev \
    libssh-gcrypt-4 libreadline8 >/dev/null

if [[ ! -x /opt/bird2/usr/sbin/bird ]]; then
    workdir=$(mktemp -d)
    (cd "$workdir" && chmod 777 . && apt-get download -qq bird2 && dpkg -x bird2_*.deb /opt/bird2)
    rm -rf "$workdir"
fi
/opt/bird2/usr/sbin/bird --version
