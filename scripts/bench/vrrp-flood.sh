#!/usr/bin/env bash
# Figure for issue 3, item 8: a flood of bad VRRP packets at RATE packets/s against ONE lvs-director.
# Not part of the test suite (the CI test, FloodTests, floods two routers across a bridge at what it reaches).
#
# Lab: two namespaces joined by one veth pair, no bridge. In A: an lvs-director Master (priority 200,
# 192.0.2.1) and the flood sender; in D: the lvs-director under test, Backup (priority 100, 192.0.2.2);
# VRRPv3 VRID 51, advert_int 0.1 s (Master_Down_Interval 360.9 ms). The sender (vrrp-flood-sender.c,
# compiled here) writes pre-built Ethernet frames with AF_PACKET + PACKET_QDISC_BYPASS, BATCH frames per
# sendmmsg(2), from THREADS threads, paced to RATE: the twelve kinds of bad datagram of vrrp-flood-frames.py.
# The Backup must drop and count every one while still hearing the Master's adverts among them: a single
# missed Master_Down_Interval would make it take over (a transition).
#
# Prints: the rate achieved; the frames D's eth0 received; what D's raw sockets lost (kernel, receive queue
# full) and what the process counted as dropped (its rate-limited drop log lines, each "1 + N more", flushed
# after the flood by one frame of each kind); state changes of either router during the flood; the
# director's CPU time and the machine's CPU use over the flood; load averages.
#
# Usage (root, repository root): scripts/bench/vrrp-flood.sh [--rate 100000 (0: unpaced)] [--duration 10]
#        [--threads 1] [--batch 256] [--no-build] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=100000
duration=10
threads=1
batch=256
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --rate) rate=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) LAB_KEEP=1; shift ;;
        *) echo "usage: $0 [--rate PPS] [--duration SECONDS] [--threads N] [--batch N] [--no-build] [--keep]" >&2; exit 2 ;;
    esac
done
LAB_PREFIX=${LAB_PREFIX:-lvsf$$}
source scripts/bench/vrrp-lab.sh
lab_require ip python3 gcc dotnet
trap lab_cleanup EXIT
[ "$build" = 1 ] && dotnet build src/Director -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
gcc -O2 -pthread -o "$lab_work/sender" scripts/bench/vrrp-flood-sender.c

ns_a=$lab_prefix-a
ns_d=$lab_prefix-d
ip netns add "$ns_a"; lab_namespaces+=("$ns_a")
ip netns add "$ns_d"; lab_namespaces+=("$ns_d")
ip -n "$ns_a" link add eth0 type veth peer name eth0 netns "$ns_d"
for ns in "$ns_a" "$ns_d"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" addr add 192.0.2.1/24 dev eth0
ip -n "$ns_d" addr add 192.0.2.2/24 dev eth0
ip -n "$ns_a" link set eth0 up
ip -n "$ns_d" link set eth0 up
python3 scripts/bench/vrrp-flood-frames.py "$(ip netns exec "$ns_a" cat /sys/class/net/eth0/address)" > "$lab_work/frames.hex"

lab_conf "$lab_work/a.conf" 51 200 3 0.1 192.0.2.100
lab_conf "$lab_work/d.conf" 51 100 3 0.1 192.0.2.100
lab_start_director a "$lab_work/a.conf"
lab_wait_log a "Entering MASTER STATE" 30 || { echo "the master did not start" >&2; exit 1; }
lab_start_director d "$lab_work/d.conf"
lab_wait_log d "Entering BACKUP STATE" 30 || { echo "the director under test did not start" >&2; exit 1; }
sleep 3

stat_d() { ip netns exec "$ns_d" cat "/sys/class/net/eth0/statistics/$1"; }
raw_drops() { ip netns exec "$ns_d" awk 'NR > 1 { s += $NF } END { print s + 0 }' /proc/net/raw; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid_d/stat"; }
# /proc/stat "cpu" line: user nice system idle iowait irq softirq steal → busy and softirq ticks, total ticks.
machine() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, $8, busy + $5 + $6 }' /proc/stat; }
transitions() { tail -n +"$(( $2 + 1 ))" "$lab_work/$1.log" | grep -c "Entering .* STATE" || true; }
# Sum of "1 + N" over the drop log lines (instance: "dropped advert", dispatcher: "dropped VRRP packet") after line $1.
counted() { tail -n +"$(( $1 + 1 ))" "$lab_work/d.log" | grep -E "dropped (advert|VRRP packet)" |
    sed -E 's/.*\(([0-9]+) more since.*/\1/' | awk '{ s += 1 + $1 } END { print s + 0 }'; }

mark_a=$(wc -l < "$lab_work/a.log"); mark_d=$(wc -l < "$lab_work/d.log")
rx0=$(stat_d rx_packets); rxd0=$(stat_d rx_dropped); raw0=$(raw_drops); cpu0=$(cpu_ticks); read -r busy0 soft0 total0 < <(machine)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; $(date -u +%FT%TZ)"
ip netns exec "$ns_a" "$lab_work/sender" eth0 "$lab_work/frames.hex" "$rate" "$duration" "$threads" "$batch" | tee "$lab_work/sender.out"
cpu1=$(cpu_ticks); read -r busy1 soft1 total1 < <(machine)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 1.5
ip netns exec "$ns_a" "$lab_work/sender" eth0 "$lab_work/frames.hex" 0 0 1 "$batch" > /dev/null
sleep 0.5
rx1=$(stat_d rx_packets); rxd1=$(stat_d rx_dropped); raw1=$(raw_drops)

sent=$(sed -E 's/^sent ([0-9]+) .*/\1/' "$lab_work/sender.out")
hz=$(getconf CLK_TCK)
echo "frames received by D's eth0: $(( rx1 - rx0 )) (sent $sent + 12 to flush + the master's adverts); interface drops $(( rxd1 - rxd0 ))"
echo "kernel drops in D's raw sockets (receive queue full): $(( raw1 - raw0 ))"
echo "dropped and counted by lvs-director (log lines, 1 + N each): $(counted "$mark_d")"
echo "state changes during the flood: master $(transitions a "$mark_a"), director under test $(transitions d "$mark_d")"
python3 -c "
hz, d = $hz, float('$duration')
print(f'lvs-director CPU over the flood: {($cpu1 - $cpu0) / hz / d * 100:.0f}% of one core; machine: {($busy1 - $busy0) / ($total1 - $total0) * 100:.0f}% busy, softirq {($soft1 - $soft0) / ($total1 - $total0) * 100:.0f}%')"
lab_holds a 192.0.2.100 && ! lab_holds d 192.0.2.100 && echo "after: the master still holds the VIP, the director under test does not" ||
    echo "after: VIP moved (the flood caused a takeover)"
grep -hE "dropped (advert|VRRP packet)" "$lab_work/d.log" | sed -E 's/.*: ([A-Za-z]+) \(.*/\1/' | sort | uniq -c | sed 's/^/    drop log lines by reason: /' | head -20
