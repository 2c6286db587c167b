#!/usr/bin/env bash
# Figure for issue 5: what a restart costs the table. SERVICES x DESTS programmed from empty by the tool, then the
# tool is stopped (SIGTERM, waited for) and started again on the same keepalived.conf: how much of the table the stop
# left, whether the first service went missing during the restart, and when the table is complete again.
# keepalived deletes its real servers and virtual servers one by one when it stops, until its parent's
# child_wait_time (5 s) runs out; its new process adds back what is missing. lvs-director leaves the table alone on
# stop (no lvs_flush_on_stop) and adopts it on start.
# One VM boot per tool. Not part of the test suite.
# Usage (root, repository root): scripts/bench/ipvs-restart.sh [services] [dests]
# TOOLS="lvs-director" runs only some tools; OURS=<publish directory> uses an existing publish; LVS_DIRECTOR_ARGS="-D"
# adds options (-D logs the start phases).
set -euo pipefail
cd "$(dirname "$0")/../.."
services=${1:-1000}
dests=${2:-100}
vm=${LVS_SHARED_DIR:-../shared}/ipvs-vm/run-in-vm
work=$(pwd)/artifacts/bench-ipvs-restart
rm -rf "$work"; mkdir -p "$work"
source scripts/bench/ipvs-table.sh
ipvs_table_files "$work" "$services" "$dests"
ipvs_director_publish "$work"
cat > "$work/in-vm.sh" <<EOS
#!/bin/sh
# inside the VM: \$1 = tool
[ "\$1" = lvs-director ] && cp -r $work/lvs-director /run/lvs-director && /run/lvs-director/lvs-director --version >/dev/null
keepalived -v >/dev/null 2>&1
cp $work/lvs.conf /run/
start_tool() {
  case "\$1" in
    keepalived) keepalived -n -l -C -f /run/lvs.conf -p /run/k.pid -c /run/c.pid >>/run/tool.log 2>&1 & ;;
    lvs-director) /run/lvs-director/lvs-director -n -l -C ${LVS_DIRECTOR_ARGS:-} -f /run/lvs.conf >>/run/tool.log 2>&1 & ;;
  esac
  pid=\$!
}
first_visible() { ipvsadm -Ln -t 10.100.0.1:80 >/dev/null 2>&1; }
first_complete() { [ "\$(ipvsadm -Ln -t 10.100.0.1:80 2>/dev/null | grep -c Route)" -ge $dests ]; }
last_complete() { [ "\$(ipvsadm -Ln -t $last_vip:80 2>/dev/null | grep -c Route)" -ge $dests ]; }
now() { date +%s.%N; }
since() { echo "\$(now) - \$1" | bc; }
t=\$(now); start_tool "\$1"
until last_complete; do sleep 0.2; done
echo "\$1: first start: table complete after \$(since \$t) s"
sleep 2
t=\$(now); kill -TERM \$pid; wait \$pid 2>/dev/null || true
stopped=\$(since \$t)
# Whatever the tool's children still do after it exits: wait until the entry count is stable.
count() { tail -n +4 /proc/net/ip_vs | wc -l; }
n=\$(count); sleep 1; until [ "\$(count)" = "\$n" ]; do n=\$(count); sleep 1; done
echo "\$1: stopped in \$stopped s; \$n of $expected entries left in the table"
logged=\$(grep -c "IPVS: adopted\\|IPVS: applied\\|IPVS: reconciled" /run/tool.log || true)
lines=\$(wc -l < /run/tool.log)
t=\$(now); start_tool "\$1"
gone=0; incomplete=0
# Every 0.5 s until the first and the last service are complete again (and, for lvs-director, its new process has reconciled):
# polls with the first service (every tool writes it first) absent or incomplete.
while :; do
  # (the full count reads /proc/net/ip_vs, seconds of CPU under emulation: only once, after the loop)
  if last_complete && first_complete; then
    [ "\$1" != lvs-director ] && break
    [ "\$(grep -c "IPVS: adopted\\|IPVS: applied\\|IPVS: reconciled" /run/tool.log || true)" -gt "\$logged" ] && break
  fi
  first_visible || gone=\$((gone + 1))
  first_complete || incomplete=\$((incomplete + 1))
  sleep 0.5
done
until [ "\$(count)" -ge $expected ]; do sleep 0.5; done
back=\$(since \$t)
if [ "\$1" = lvs-director ]; then
  # What the new process wrote: a run with changes logs "IPVS: applied N changes" right after its plan.
  sleep 5
  writes=\$(tail -n +\$((lines + 1)) /run/tool.log | grep -c "IPVS: applied" || true)
  echo "lvs-director: runs with changes logged by the new process 5 s after it adopted the table: \$writes"
fi
echo "\$1: restarted: table complete (and reconciled) \$back s after the new start; polls with the first service absent: \$gone, incomplete: \$incomplete"
echo "RESULT \$1 stop \$stopped left \$n back \$back"
[ "\$1" = lvs-director ] && grep "IPVS: adopted\\|IPVS: applied\\|IPVS: reconciled\\|IPVS: flushed\\|Reload\\|Start\\|loaded in\\|Logging set up" /run/tool.log | grep -v "dbug: LvsDirector.Ipvs" | cut -c1-250
[ "\$1" = lvs-director ] && grep "IPVS: reconciled" /run/tool.log | cut -c1-250
kill -TERM \$pid 2>/dev/null; wait 2>/dev/null || true
EOS
chmod +x "$work/in-vm.sh"
for tool in ${TOOLS:-keepalived lvs-director}; do
  echo "== $tool ($(uptime | sed 's/.*load/load/'))"
  "$vm" --mem 4096 --timeout 1800 -- "$work/in-vm.sh" "$tool" | tee -a "$work/results"
done
