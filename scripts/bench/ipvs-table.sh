# Sourced by the IPVS figures (ipvs-program.sh, ipvs-restart.sh): the SERVICES x DESTS table they program, and the
# lvs-director they measure.

# ipvs_table_files WORK SERVICES DESTS: WORK/lvs.conf (keepalived.conf, DR, wrr, weight 1) and WORK/rules (the same
# table for `ipvsadm -R`); sets `expected` (entries) and `last_vip` (the service every tool writes last).
ipvs_table_files() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
work, services, dests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(f"{work}/lvs.conf", "w") as c, open(f"{work}/rules", "w") as r:
    for s in range(services):
        vip = f"10.{100 + s // 250}.0.{s % 250 + 1}"
        c.write(f"virtual_server {vip} 80 {{\n  lb_algo wrr\n  lb_kind DR\n  protocol TCP\n")
        r.write(f"-A -t {vip}:80 -s wrr\n")
        for d in range(dests):
            rip = f"10.{200 + s // 250}.{s % 250}.{d + 1}"
            c.write(f"  real_server {rip} 80 {{\n    weight 1\n  }}\n")
            r.write(f"-a -t {vip}:80 -r {rip}:80 -g -w 1\n")
        c.write("}\n")
PY
  expected=$(($2 + $2 * $3))
  local s=$(($2 - 1))
  last_vip="10.$((100 + s / 250)).0.$((s % 250 + 1))"
}

# ipvs_director_publish WORK: WORK/lvs-director as install.sh installs it: one native executable (Native AOT; a
# ReadyToRun publish spends seconds of the VM's emulated CPU on the runtime's start and JIT). OURS=<publish directory>
# measures an existing publish instead (e.g. the composite ReadyToRun image of LVS_DIRECTOR_READY_TO_RUN=1 install.sh).
ipvs_director_publish() {
  if [ -n "${OURS:-}" ]; then
    cp -r "$OURS" "$1/lvs-director"
  else
    dotnet publish src/Director/Director.csproj -c Release -r linux-x64 -p:PublishAot=true \
      -o "$1/lvs-director" -nologo -v q -clp:ErrorsOnly >/dev/null
    rm -f "$1/lvs-director"/*.dbg "$1/lvs-director"/*.pdb
  fi
}
