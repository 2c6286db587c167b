#!/usr/bin/env bash
# Figure for issue 3: VRRP failover gap on the wire, lvs-director and keepalived 2.2.7 as the surviving
# backup in the same lab and the same run. Not part of the test suite.
#
# Lab: namespaces m (192.0.2.1, keepalived, priority 200, the master that dies), o (192.0.2.2, lvs-director
# -n -l -P, priority 100) and k (192.0.2.3, keepalived, priority 100), joined by a bridge. Per round: the
# master starts and takes the VIP, ONE backup (o or k, alternating) starts and settles, the master is
# killed with kill -9 (no priority 0), the backup takes over. tcpdump on the backup's bridge port; the gap
# is tshark's time of the backup's first advert minus that of the master's last advert. The protocol's
# bound is Master_Down_Interval = 3 x advert + skew (priority 100); the goal is the bound +- 5 ms.
# A round is invalid (reported, left out of the medians) when the backup could not be measured: on this
# loaded host keepalived's master sometimes sends an advert later than Master_Down_Interval (seen: 38 ms
# gaps at 0.01 s) and the backup then rightly takes over before the crash.
#
# Usage (root, repository root): scripts/bench/vrrp-failover.sh [--runs N] [--cases "2:1 3:0.1 3:0.01"]
#        [--no-build] [--keep]   (case = VRRP version:advert_int in seconds)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=3
cases="2:1 3:0.1 3:0.01"
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --cases) cases=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) LAB_KEEP=1; shift ;;
        *) echo "usage: $0 [--runs N] [--cases \"2:1 3:0.1 3:0.01\"] [--no-build] [--keep]" >&2; exit 2 ;;
    esac
done
source scripts/bench/vrrp-lab.sh
lab_require ip keepalived tcpdump tshark python3 dotnet
trap lab_cleanup EXIT
[ "$build" = 1 ] && dotnet build src/Director -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

vip=192.0.2.100
lab_create_bridge
lab_add_router m 1
lab_add_router o 2
lab_add_router k 3

results=$lab_work/results.tsv
: > "$results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf '%-3s %-8s %-12s %-4s %10s %10s %9s\n' ver advert backup run gap_ms bound_ms delta_ms

abort_round() { # BACKUP-NAME: leaves nothing running for the next round
    lab_capture_stop
    lab_crash_keepalived m 2>/dev/null || true
    lab_stop "$1"
    ip -n "$lab_prefix-m" addr del "$vip/32" dev eth0 2>/dev/null || true
    ip -n "$lab_prefix-$1" addr del "$vip/32" dev eth0 2>/dev/null || true
}

round() { # VERSION INTERVAL BACKUP-NAME RUN
    local version=$1 interval=$2 backup=$3 run=$4 addr
    local down_ms; down_ms=$(lab_master_down_ms "$version" "$interval" 100)
    local settle; settle=$(python3 -c "print(max(1.5, 4 * $down_ms / 1000))")
    local pcap=$lab_work/$version-$interval-$backup-$run.pcap
    lab_conf "$lab_work/m.conf" 51 200 "$version" "$interval" "$vip"
    lab_conf "$lab_work/$backup.conf" 51 100 "$version" "$interval" "$vip"
    lab_capture_start "p-$backup" "$pcap"
    lab_start_keepalived m "$lab_work/m.conf"
    lab_wait_holds m "$vip" 15 || { echo "master did not take the VIP" >&2; return 1; }
    if [ "$backup" = o ]; then lab_start_director o "$lab_work/o.conf"; addr=192.0.2.2; else lab_start_keepalived k "$lab_work/k.conf"; addr=192.0.2.3; fi
    lab_wait_log "$backup" "Entering BACKUP STATE" 30 || { echo "backup $backup did not start" >&2; return 1; }
    sleep "$settle"
    lab_holds "$backup" "$vip" && { echo "backup $backup holds the VIP before the crash (the master was late)" >&2; abort_round "$backup"; return 1; }
    lab_crash_keepalived m
    lab_wait_holds "$backup" "$vip" 15 || { echo "backup $backup did not take over" >&2; return 1; }
    sleep "$(python3 -c "print(3 * $interval + 0.3)")"
    lab_capture_stop
    lab_stop "$backup"
    ip -n "$lab_prefix-m" addr del "$vip/32" dev eth0 2>/dev/null || true   # kill -9 leaves it
    tshark -r "$pcap" -n -Y vrrp -T fields -E separator=' ' -e frame.time_epoch -e ip.src -e vrrp.prio 2>/dev/null |
        python3 -c "
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
master = [float(t) for t, s, p in rows if s == '192.0.2.1']
last = max(master)
after = [float(t) for t, s, p in rows if s == '$addr' and p != '0' and float(t) > last]
gap = (min(after) - last) * 1000 if after else float('nan')
bound = float('$down_ms')
print(f'$version\t$interval\t$backup\t$run\t{gap:.2f}\t{bound:.2f}\t{gap - bound:+.2f}')
" | tee -a "$results" | awk -F'\t' '{ printf "v%-2s %-8s %-12s %-4s %10s %10s %9s\n", $1, $2, ($3 == "o" ? "lvs-director" : "keepalived"), $4, $5, $6, $7 }'
}

for c in $cases; do
    version=${c%%:*}; interval=${c#*:}
    for run in $(seq "$runs"); do
        round "$version" "$interval" o "$run" || echo "round invalid (v$version $interval o $run)"
        round "$version" "$interval" k "$run" || echo "round invalid (v$version $interval k $run)"
    done
done

echo
echo "median gap per case (ms), delta to the bound:"
python3 - "$results" <<'PY'
import sys, statistics, collections
groups = collections.defaultdict(list)
bounds = {}
for line in open(sys.argv[1]):
    v, i, b, r, gap, bound, _ = line.split('\t')
    groups[(v, i, b)].append(float(gap)); bounds[(v, i)] = float(bound)
for (v, i, b), gaps in sorted(groups.items()):
    valid = [g for g in gaps if g == g]
    m = statistics.median(valid) if valid else float('nan')
    print(f"  v{v} {i:>5} s  {'lvs-director' if b == 'o' else 'keepalived':12}  median {m:9.2f}  bound {bounds[(v, i)]:9.2f}  delta {m - bounds[(v, i)]:+7.2f}  (runs: {', '.join(f'{g:.2f}' for g in gaps)}; {len(gaps) - len(valid)} unmeasured)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
