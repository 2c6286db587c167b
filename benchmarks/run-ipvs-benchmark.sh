#!/usr/bin/env bash
# IPVS programming benchmark (a script, not a test): boots the IPVS VM once per mode, because re-adding
# a big table after a flush is quadratic in the kernel (destination trash list) and would skew the second mode.
# Usage: benchmarks/run-ipvs-benchmark.sh [services] [dests]     (default 1000 x 100). Run from the repository root as root.
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-1000}
dests=${2:-100}
vm=../shared/ipvs-vm/run-in-vm
dotnet build benchmarks/IpvsReconcile -c Release -nologo -v q -clp:ErrorsOnly
dll=benchmarks/IpvsReconcile/bin/Release/net10.0/LvsDirector.Benchmarks.dll
for mode in ours ipvsadm; do
  echo "== $mode ($services x $dests)"
  "$vm" --timeout 1800 -- dotnet "$dll" "$mode" "$services" "$dests"
done
