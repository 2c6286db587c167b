#!/usr/bin/env bash
# Figure for issue 5: time to program SERVICES x DESTS from an empty IPVS table, end to end from the same
# keepalived.conf: `keepalived -n -l -C`, `lvs-director -n -l -C` (the real binary), and `ipvsadm -R` on the
# equivalent rules. One VM boot per tool (a table re-added after a flush is slower in the kernel). Then a reload
# of lvs-director that changes one dest's weight: time and IPVS operations logged. Not part of the test suite.
# Usage (root, repository root): scripts/bench/ipvs-program.sh [services] [dests]
# TOOLS="lvs-director" runs only some tools; LVS_DIRECTOR_ENV="DOTNET_TieredPGO=0 …" sets runtime knobs for ours,
# LVS_DIRECTOR_ARGS="-D" adds options (-D logs the start phases, and every change); OURS=<dir> uses an existing publish.
# ROUNDS=N repeats the tools in turn N times (the emulated VM's speed drifts by up to 2x between boots, so one
# run per tool is not a comparison): the reload and -t only in the first round; medians printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
services=${1:-1000}
dests=${2:-100}
vm=${LVS_SHARED_DIR:-../shared}/ipvs-vm/run-in-vm
work=$(pwd)/artifacts/bench-ipvs
rm -rf "$work"; mkdir -p "$work"
source scripts/bench/ipvs-table.sh
ipvs_table_files "$work" "$services" "$dests"
sed '0,/weight 1/s//weight 7/' "$work/lvs.conf" > "$work/lvs-reload.conf"
ipvs_director_publish "$work"
cat > "$work/in-vm.sh" <<EOS
#!/bin/sh
# inside the VM: \$1 = tool, \$2 = round (the reload and -t only in round 1)
count() { tail -n +4 /proc/net/ip_vs | wc -l; }
# Installed on the VM's own file system as keepalived and ipvsadm are (not read through the host mount, whose
# first reads of a 70 MB self-contained publish take seconds); not timed.
[ "\$1" = lvs-director ] && cp -r $work/lvs-director /run/lvs-director && /run/lvs-director/lvs-director --version >/dev/null
keepalived -v >/dev/null 2>&1; ipvsadm -v >/dev/null 2>&1   # the same warm start for all three
cp $work/lvs.conf $work/rules /run/   # every tool reads its input from the VM's memory
start=\$(date +%s.%N)
case "\$1" in
  keepalived) keepalived -n -l -C -f /run/lvs.conf -p /run/k.pid -c /run/c.pid >/run/tool.log 2>&1 & ;;
  lvs-director) env ${LVS_DIRECTOR_ENV:-} /run/lvs-director/lvs-director -n -l -C ${LVS_DIRECTOR_ARGS:-} -f /run/lvs.conf >/run/tool.log 2>&1 & ;;
  ipvsadm) ipvsadm -R < /run/rules & ;;
esac
pid=\$!
# Every tool programs the virtual servers in the order written (keepalived and ipvsadm -R one by one, ours
# services first, then the dests in that order), so the last service holding all its dests marks the end.
# Polled with a one-service dump: reading all of /proc/net/ip_vs takes seconds under emulation and would
# compete for the CPUs; the full count is checked once afterwards.
# The programming phase starts when the first service is visible (every tool writes it first).
first_visible() { ipvsadm -Ln -t 10.100.0.1:80 >/dev/null 2>&1; }
last_complete() { [ "\$(ipvsadm -Ln -t $last_vip:80 2>/dev/null | grep -c Route)" -ge $dests ]; }
until first_visible; do sleep 0.1; done
first=\$(date +%s.%N)
until last_complete; do sleep 0.2; done
end=\$(date +%s.%N)
while [ "\$(count)" -lt $expected ]; do sleep 0.5; done
echo "\$1: $expected entries programmed in \$(echo "\$end - \$start" | bc) s (wall, from process start; full table confirmed)"
echo "\$1: first service visible after \$(echo "\$first - \$start" | bc) s, programming (first service -> last dest) \$(echo "\$end - \$first" | bc) s"
echo "RESULT \$1 \$(echo "\$end - \$start" | bc) \$(echo "\$first - \$start" | bc) \$(echo "\$end - \$first" | bc)"
echo "\$1: started at \$(date -d @\$start +%H:%M:%S.%N), first service at \$(date -d @\$first +%H:%M:%S.%N)"
[ "\$1" = lvs-director ] && grep -v "dbug: LvsDirector.Ipvs" /run/tool.log | grep -i "IPVS: applied\\|Started\\|Start:\\|loaded in" | cut -c1-200
if [ "\$1" = lvs-director ] && [ "\$2" = 1 ]; then
  sleep 2
  before=\$(grep -c "IPVS:" /run/tool.log || true)
  cp $work/lvs-reload.conf /run/lvs.conf
  r0=\$(date +%s.%N)
  kill -HUP \$pid
  while ! grep -q "Reload done" /run/tool.log; do sleep 0.2; done
  while ! ipvsadm -Ln -t 10.100.0.1:80 | grep -q "10.200.0.1:80 *Route *7 "; do sleep 0.2; done
  r1=\$(date +%s.%N)
  echo "lvs-director reload (1 weight of $expected entries): \$(echo "\$r1 - \$r0" | bc) s; IPVS changes logged by the reload:"
  tail -n +\$((before + 1)) /run/tool.log | grep "IPVS:" | grep -v "not ours\\|dbug" | sed 's/^.*IPVS:/  IPVS:/'
fi
[ -n "\${pid:-}" ] && kill -TERM \$pid 2>/dev/null; wait 2>/dev/null || true
[ "\$2" = 1 ] || exit 0
# The configuration check alone (parse + validation, nothing programmed), on the same file.
cp $work/lvs.conf /run/lvs.conf
t0=\$(date +%s.%N)
case "\$1" in
  keepalived) keepalived -t -f /run/lvs.conf >/dev/null 2>&1 || true ;;
  lvs-director) /run/lvs-director/lvs-director -t -f /run/lvs.conf >/dev/null 2>&1 || true ;;
  ipvsadm) t0= ;;
esac
# (an if, not a "[ ] &&" list: for ipvsadm the list's status 1 was the script's, and it stopped the rounds under set -e)
if [ -n "\$t0" ]; then echo "\$1: configuration check (-t) \$(echo "\$(date +%s.%N) - \$t0" | bc) s"; fi
EOS
chmod +x "$work/in-vm.sh"
for round in $(seq 1 "${ROUNDS:-1}"); do
  for tool in ${TOOLS:-keepalived lvs-director ipvsadm}; do
    echo "== round $round: $tool ($(uptime | sed 's/.*load/load/'))"
    "$vm" --mem 4096 --timeout 1800 -- "$work/in-vm.sh" "$tool" "$round" | tee -a "$work/results"
  done
done
# Medians per tool over the rounds: end to end, first service visible, programming.
grep '^RESULT' "$work/results" | python3 -c '
import sys, statistics
runs = {}
for line in sys.stdin:
    _, tool, *t = line.split()
    runs.setdefault(tool, []).append([float(x) for x in t])
for tool, r in runs.items():
    med = [statistics.median(col) for col in zip(*r)]
    print(f"median of {len(r)}: {tool}: end to end {med[0]:.1f} s, first service {med[1]:.1f} s, programming {med[2]:.1f} s"
          " (end to end per round: " + ", ".join(f"{x[0]:.1f}" for x in r) + ")")
if "keepalived" in runs and "lvs-director" in runs:
    k = statistics.median(x[0] for x in runs["keepalived"]); o = statistics.median(x[0] for x in runs["lvs-director"])
    print(f"keepalived / lvs-director, medians end to end: {k / o:.2f}x")
'

