#!/usr/bin/env bash
# Figure for issue 3: spurious VRRP transitions at VRRPv3 advert_int 0.01 s with every core saturated by
# stress-ng, lvs-director and keepalived 2.2.7 side by side in the same lab and run. Not part of the test suite.
#
# Lab: a pair of lvs-director (-n -l -P) routers (o1 192.0.2.1 priority 150, o2 .2 priority 100, VRID 61) and
# a pair of keepalived routers (k1 .3 priority 150, k2 .4 priority 100, VRID 62) on one bridge. After both
# masters are settled, `stress-ng --cpu N` (N = cores) runs for DURATION while tcpdump on the bridge records
# every advert. A spurious transition = a state change logged by either router of a pair during the run;
# the wire tells the same (adverts from a backup) and how late the master's adverts were (a gap above the
# backup's Master_Down_Interval, 36.09 ms, makes it take over).
#
# Usage (root, repository root): scripts/bench/vrrp-stress.sh [--duration SECONDS (600)] [--interval 0.01]
#        [--no-stress] [--no-build] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=600
interval=0.01
stress=1
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration=$2; shift 2 ;;
        --interval) interval=$2; shift 2 ;;
        --no-stress) stress=0; shift ;;
        --no-build) build=0; shift ;;
        --keep) LAB_KEEP=1; shift ;;
        *) echo "usage: $0 [--duration SECONDS] [--interval 0.01] [--no-stress] [--no-build] [--keep]" >&2; exit 2 ;;
    esac
done
source scripts/bench/vrrp-lab.sh
lab_require ip keepalived tcpdump tshark python3 dotnet stress-ng
trap lab_cleanup EXIT
[ "$build" = 1 ] && dotnet build src/Director -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

lab_create_bridge
lab_add_router o1 1
lab_add_router o2 2
lab_add_router k1 3
lab_add_router k2 4
lab_conf "$lab_work/o1.conf" 61 150 3 "$interval" 192.0.2.161
lab_conf "$lab_work/o2.conf" 61 100 3 "$interval" 192.0.2.161
lab_conf "$lab_work/k1.conf" 62 150 3 "$interval" 192.0.2.162
lab_conf "$lab_work/k2.conf" 62 100 3 "$interval" 192.0.2.162

lab_start_director o1 "$lab_work/o1.conf"
lab_start_keepalived k1 "$lab_work/k1.conf"
lab_wait_holds o1 192.0.2.161 30 || { echo "lvs-director o1 did not become master" >&2; exit 1; }
lab_wait_holds k1 192.0.2.162 30 || { echo "keepalived k1 did not become master" >&2; exit 1; }
lab_start_director o2 "$lab_work/o2.conf"
lab_start_keepalived k2 "$lab_work/k2.conf"
lab_wait_log o2 "Entering BACKUP STATE" 30
lab_wait_log k2 "Entering BACKUP STATE" 30
sleep 2

# Log lines so far; everything after them happened under load.
declare -A mark
for r in o1 o2 k1 k2; do mark[$r]=$(wc -l < "$lab_work/$r.log"); done
pcap=$lab_work/stress.pcap
lab_capture_start br0 "$pcap" "ip proto 112"
echo "start $(date -u +%T), duration ${duration} s, advert_int $interval s, load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
if [ "$stress" = 1 ]; then
    stress-ng --cpu "$(nproc)" --timeout "${duration}s" --quiet &
    lab_pids+=($!)
    stress_pid=$!
    # Load average while stressed, every minute (other users of the machine show up here too).
    ( while kill -0 "$stress_pid" 2>/dev/null; do sleep 60; echo "  $(date -u +%T) load average $(cut -d' ' -f1-3 /proc/loadavg)"; done ) &
    lab_pids+=($!)
    wait "$stress_pid" || true
else
    sleep "$duration"
fi
lab_capture_stop
echo "end $(date -u +%T), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

for r in o1 o2 k1 k2; do
    n=$(tail -n +"$((mark[$r] + 1))" "$lab_work/$r.log" | grep -c "Entering .* STATE" || true)
    echo "$r: state changes logged during the run: $n"
    tail -n +"$((mark[$r] + 1))" "$lab_work/$r.log" | grep "Entering .* STATE" | head -5 | sed 's/^/    /' || true
done
down_ms=$(lab_master_down_ms 3 "$interval" 100)
tshark -r "$pcap" -n -Y vrrp -T fields -E separator=' ' -e frame.time_epoch -e ip.src -e vrrp.prio 2>/dev/null |
    python3 -c "
import sys
down = float('$down_ms')
pairs = {'lvs-director': ('192.0.2.1', '192.0.2.2'), 'keepalived': ('192.0.2.3', '192.0.2.4')}
rows = [l.split() for l in sys.stdin if l.strip()]
for name, (master, backup) in pairs.items():
    times = [float(t) for t, s, p in rows if s == master]
    gaps = sorted((b - a) * 1000 for a, b in zip(times, times[1:]))
    from_backup = sum(1 for t, s, p in rows if s == backup)
    q = lambda f: gaps[min(len(gaps) - 1, int(f * len(gaps)))]
    print(f'{name}: master adverts {len(times)}, gap median {q(0.5):.2f} ms, p99 {q(0.99):.2f}, p99.9 {q(0.999):.2f}, max {gaps[-1]:.2f}; '
          f'gaps > Master_Down_Interval ({down:.2f} ms): {sum(1 for g in gaps if g > down)}; adverts from the backup: {from_backup}')
"
