#!/usr/bin/env bash
# Runs the whole LvsDirector test suite: unit tests of every library, integration tests in
# network namespaces on this host (real keepalived, FRR, nginx, dnsmasq, aiosmtpd), and the
# kernel tests inside one boot of the IPVS VM. Run as root on Debian 12 with the .NET 10 SDK.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-tests: needs the .NET 10 SDK (dotnet) on PATH" >&2; exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "run-tests: needs root (network namespaces, raw sockets, the IPVS VM); run: sudo ./run-tests.sh" >&2; exit 1
fi

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }

step "installing test prerequisites"
bash scripts/install-test-deps.sh || { echo "run-tests: could not install prerequisites" >&2; exit 1; }

step "building"
dotnet build LvsDirector.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

step "publishing the native executable install.sh installs (Native AOT)"
# The integration tests run lvs-director in the form an operator installs: one native executable.
native="$root/artifacts/native"
rm -rf "$native"
if ! dotnet publish src/Director/Director.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$native" -nologo -v q -clp:ErrorsOnly; then
  echo "run-tests: the native publish failed (see above)" >&2; echo "0 passed, 1 failed"; exit 1
fi
export LVS_DIRECTOR_BINARY="$native/lvs-director"

status=0
run_tests() { # name, project, extra args...
  local name=$1 project=$2; shift 2
  step "$name"
  # A hung test fails its suite after 20 minutes, naming the test, instead of running CI into its time limit.
  dotnet test "$project" -c Release --no-build -nologo --blame-hang-timeout 20m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
}

# On this host: unit tests, and integration tests in network namespaces (real keepalived, FRR, nginx …).
run_tests vrrp        tests/Vrrp.Tests        --filter "Category!=Vm"
run_tests ipvs        tests/Ipvs.Tests        --filter "Category!=Vm"
run_tests checkers    tests/Checkers.Tests    --filter "Category!=Vm"
run_tests director    tests/Director.Tests    --filter "Category!=Vm"
run_tests integration tests/Integration.Tests --filter "Category!=Vm"

step "kernel tests in the IPVS VM (one boot)"
vm="$root/../shared/ipvs-vm/run-in-vm"
# Every test marked Category=Vm, from every assembly, in one boot of the VM (a boot costs ~3 s, a
# vstest start-up under emulation ~30 s).
dlls=(tests/Ipvs.Tests/bin/Release/net10.0/LvsDirector.Ipvs.Tests.dll
      tests/Checkers.Tests/bin/Release/net10.0/LvsDirector.Checkers.Tests.dll
      tests/Integration.Tests/bin/Release/net10.0/LvsDirector.Integration.Tests.dll)
vm_status=0
"$vm" --mem 4096 --timeout 2400 -- env LVS_DIRECTOR_BINARY="$LVS_DIRECTOR_BINARY" dotnet vstest "${dlls[@]}" --TestCaseFilter:"Category=Vm" \
  --logger:"trx;LogFileName=vm.trx" --ResultsDirectory:"$results" || vm_status=$?
[ "$vm_status" = 0 ] || status=1

# One closing line over every .trx written above.
# A VM run that ended without its results (a boot failure, its time limit) counts as one failed test.
python3 - "$results" "$vm_status" <<'PY' || status=1
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
if sys.argv[2] != "0" and not glob.glob(sys.argv[1] + "/vm*.trx"):
    print(f"the IPVS VM run ended with {sys.argv[2]} and wrote no results")
    failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
PY
exit $status
