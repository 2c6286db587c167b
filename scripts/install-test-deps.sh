#!/usr/bin/env bash
# Installs every Debian package the test suite needs (real peers, real servers, tools),
# and prepares the IPVS VM cache. Idempotent; needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  keepalived frr ipvsadm nginx dnsmasq-base python3-aiosmtpd socat
  tshark tcpdump nftables iproute2 iputils-ping procps psmisc openssl curl
  qemu-system-x86 stress-ng kmod busybox-static
  gcc libc6-dev zlib1g-dev   # to link the native executable (Native AOT) that install.sh installs and the tests run
)

if [ "$(id -u)" != 0 ]; then
  echo "install-test-deps: needs root to install: ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The packaged services must never run on their own during tests: tests start private instances.
for svc in keepalived frr nginx dnsmasq; do
  systemctl disable --now "$svc" >/dev/null 2>&1 || true
done

# The IPVS VM (kernel with IPVS, booted under QEMU) caches its kernel and initramfs once.
vm="$here/../shared/ipvs-vm/run-in-vm"
if [ -x "$vm" ]; then
  "$vm" --prepare >/dev/null
else
  echo "install-test-deps: $vm is missing (shared/ must sit beside the repository)" >&2
  exit 1
fi
