#!/usr/bin/env bash
# Figure for issue 2: parse + validate time and peak memory of `lvs-director -t` and `keepalived -t` on the
# same generated config (1,000 vrrp_instances, 1,000 virtual_servers x 100 real_servers), same run, 3 rounds each.
# Not part of the test suite. Usage: scripts/bench/config-parse.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
conf=$(mktemp -d)/large.conf
python3 scripts/bench/gen-large-config.py "$conf"
echo "config: $conf ($(wc -l < "$conf") lines, $(du -h "$conf" | cut -f1))"
dotnet build src/Director -c Release -nologo -v q >/dev/null
ours="dotnet src/Director/bin/Release/net10.0/lvs-director.dll"
measure() { # label, command...
  local label=$1; shift
  for r in $(seq "$rounds"); do
    /usr/bin/time -f "$label round $r: %e s wall, %U s user, peak RSS %M KiB, exit %x" "$@" >/dev/null 2>/tmp/bench.err || true
    tail -1 /tmp/bench.err
  done
}
measure "lvs-director -t" $ours -t -f "$conf"
if command -v keepalived >/dev/null; then
  measure "keepalived -t  " keepalived -t -f "$conf"
else
  echo "keepalived not installed: apt-get install -y keepalived"
fi
