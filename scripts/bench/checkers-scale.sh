#!/usr/bin/env bash
# Figure for issue 6: health checks at scale, lvs-director vs keepalived on the same generated config in the
# same run (not part of the test suite; prints figures). N real servers are N IPv6 addresses on a dummy
# interface in a server namespace with one nginx listener; the tool runs in a director namespace joined to it
# by a veth (as a director is a separate host). See checkers-scale.py for what is measured and how.
#
# Usage (root, repository root):
#   scripts/bench/checkers-scale.sh [servers] [tools] [seconds]        # on this host
#   ../shared/ipvs-vm/run-in-vm --mem 4096 -- scripts/bench/checkers-scale.sh 1000   # in the IPVS VM
# tools: ours,keepalived (default). keepalived -C exits at start on a kernel without IPVS ("IPVS: Can't
# initialize ipvs"); on such a host (this one) it runs with ipvs-genl-stub.so preloaded, which answers its IPVS
# netlink requests (see ipvs-genl-stub.c), so that both are measured at full scale in the same run. Inside the
# IPVS VM both run against the real table (TCG: slower, and a smaller, stated scale). Both check types run:
# TCP_CHECK, then HTTP_GET.
set -euo pipefail
cd "$(dirname "$0")/../.."
servers=${1:-10000}
tools=${2:-ours,keepalived}
seconds=${3:-20}
warmup=${WARMUP:-15}
for c in nginx nft keepalived; do
  command -v "$c" >/dev/null || { echo "needs $c (apt-get install -y $c; nft is in nftables)" >&2; exit 1; }
done
# lvs-director as install.sh installs it (one native executable: Native AOT); a plain bin/ build JIT-compiles
# everything at start-up and again at tier 1, which under the VM's emulation lasts well into the window.
# Published on the host (the VM sees this directory).
ours=${OURS:-$(pwd)/src/Director/bin/bench/lvs-director/lvs-director}
if [ -z "${IPVS_VM:-}" ] && [ -z "${OURS:-}" ] && [ "${BUILD:-1}" = 1 ]; then
  dotnet publish src/Director/Director.csproj -c Release -r linux-x64 -p:PublishAot=true \
    -o "$(dirname "$ours")" -nologo -v q -clp:ErrorsOnly >/dev/null
fi
[ -x "$ours" ] || { echo "no $ours: run once on the host with BUILD=1" >&2; exit 1; }
python=/usr/bin/python3; [ -x "$python" ] || python=python3
stub=
if [ ! -e /proc/net/ip_vs ] && [[ ,$tools, == *,keepalived,* ]]; then
  command -v gcc >/dev/null || { echo "needs gcc (for ipvs-genl-stub.so: keepalived on a kernel without IPVS)" >&2; exit 1; }
  stub=$(mktemp -d)/ipvs-genl-stub.so
  gcc -O2 -Wall -shared -fPIC -o "$stub" scripts/bench/ipvs-genl-stub.c -ldl
fi
echo "checkers-scale: $(nproc) CPUs, $(date -u +%FT%TZ), $(uname -r)"
for check in ${CHECKS:-tcp http}; do
  id=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
  ns=lvsb-$id srv=lvsb-s$id
  ip netns add "$ns"
  ip netns add "$srv"
  trap 'ip netns del "$ns" 2>/dev/null || true; ip netns del "$srv" 2>/dev/null || true' EXIT
  ip link add lvsbv0 netns "$ns" type veth peer name lvsbv1 netns "$srv"
  ip netns exec "$ns" "$python" -u scripts/bench/checkers-scale.py --servers "$servers" --check "$check" \
    --tools "$tools" --seconds "$seconds" --warmup "$warmup" --ours "$ours" --server-ns "$srv" --ipvs-stub "$stub" || true
  ip netns del "$ns"
  ip netns del "$srv"
  trap - EXIT
done
