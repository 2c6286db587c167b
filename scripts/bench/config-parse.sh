#!/usr/bin/env bash
# Figure for issue 2: parse + validate time and peak memory of `lvs-director -t` and `keepalived -t` on the
# same generated config (1,000 vrrp_instances, 1,000 virtual_servers x 100 real_servers), same run.
# lvs-director is published as install.sh installs it (self-contained, ReadyToRun); the rounds alternate
# ours / keepalived so that both see the same machine load; min and median of each are printed.
# Not part of the test suite. Usage: [OURS=<publish dir>] scripts/bench/config-parse.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
work=$(mktemp -d)
conf=$work/large.conf
python3 scripts/bench/gen-large-config.py "$conf"
echo "config: $conf ($(wc -l < "$conf") lines, $(du -h "$conf" | cut -f1))"
# OURS=<publish directory> measures an existing publish instead.
if [ -n "${OURS:-}" ]; then
  ours="$OURS/lvs-director"
else
  dotnet publish src/Director/Director.csproj -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=true -o "$work/lvs-director" -nologo -v q >/dev/null
  ours="$work/lvs-director/lvs-director"
fi
if ! command -v keepalived >/dev/null; then
  echo "keepalived not installed: apt-get install -y keepalived"
  exit 1
fi
# Both run in a namespace that has the config's interfaces (bench0..bench3, veths), so neither stops at a
# missing interface, and at real-time priority (chrt -f), so that other work on a shared machine does not
# decide the wall times; both get the same treatment. Without root, they run as they are.
ns=""
if [ "$(id -u)" = 0 ]; then
  ns=lvsp-$$
  ip netns add "$ns"
  trap 'ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"' EXIT
  for i in 0 1 2 3; do ip -n "$ns" link add "bench$i" type veth peer name "peer$i" && ip -n "$ns" link set "bench$i" up; done
fi
run() { if [ -n "$ns" ]; then ip netns exec "$ns" chrt -f 10 "$@"; else "$@"; fi; }
measure() { # label, command... ; appends "wall user+sys rss" to $work/label
  local label=$1; shift
  run /usr/bin/time -f "%e %U %S %M %x" "$@" >/dev/null 2>"$work/err" || true
  read -r wall user sys rss code < <(tail -1 "$work/err")
  echo "$label: ${wall} s wall, $(echo "$user + $sys" | bc) s cpu, peak RSS $((rss / 1024)) MiB, exit $code"
  echo "$wall $(echo "$user + $sys" | bc) $((rss / 1024))" >> "$work/$label.txt"
}
for r in $(seq "$rounds"); do
  measure lvs-director "$ours" -t -f "$conf"
  measure keepalived keepalived -t -f "$conf"
done
summary() { # label
  python3 - "$work/$1.txt" "$1" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
cols = list(zip(*rows))
fmt = lambda i, unit: f"min {min(cols[i]):g}{unit} median {statistics.median(cols[i]):g}{unit}"
print(f"{sys.argv[2]:>13}: wall {fmt(0, ' s')}; cpu {fmt(1, ' s')}; peak RSS {fmt(2, ' MiB')}")
EOF
}
echo "over $rounds rounds ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)${ns:+, in a namespace with the interfaces of the config, chrt -f 10}):"
summary lvs-director
summary keepalived
rm -rf "$work"
