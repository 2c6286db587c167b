#!/usr/bin/env bash
# Figure for issue 3: the VRRP receive path (IPv4/AH unwrap, codec, dispatcher, checks, state machine) fuzzed
# with COUNT FsCheck inputs (mutated keepalived-shaped datagrams and random bytes), in-process, no network.
# Prints inputs/s and how many were dropped (counted) or accepted. CI runs the same test with 20,000 inputs.
# Usage (repository root): scripts/bench/vrrp-fuzz.sh [COUNT (1000000)] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000000}
[ "${2:-}" = --no-build ] || dotnet build tests/Vrrp.Tests -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
LVS_FUZZ_COUNT=$count dotnet test tests/Vrrp.Tests -c Release --no-build \
    --filter "FullyQualifiedName~VrrpReceivePathFuzzTests" --logger "console;verbosity=detailed" 2>&1 |
    grep -E "inputs \(|Passed!|Failed!|Error Message|Falsifiable|Exception" | sed 's/^ *//'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
