#!/usr/bin/env bash
# Installs lvs-director: publishes the apphost, installs it under /usr/local, puts an example
# keepalived.conf in /etc/lvs-director/ if none is there, and checks that configuration.
# Usage: sudo ./install.sh [--prefix DIR] [--no-run]
set -euo pipefail
cd "$(dirname "$0")"
prefix=/usr/local
run=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --no-run) run=0; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v dotnet >/dev/null || { echo "install.sh: needs the .NET 10 SDK (dotnet) on PATH" >&2; exit 1; }

libdir="$prefix/lib/lvs-director"
# One native executable (Native AOT): no JIT and no runtime start-up at run time. It needs a C toolchain to link
# (gcc or clang, libc6-dev and zlib1g-dev on Debian); without one, the ReadyToRun publish (the .NET runtime beside
# the program) is installed. LVS_DIRECTOR_READY_TO_RUN=1 chooses that publish.
rm -rf "$libdir.new"
if (command -v clang >/dev/null || command -v gcc >/dev/null) && [ "${LVS_DIRECTOR_READY_TO_RUN:-0}" != 1 ]; then
  echo "install.sh: publishing lvs-director to $libdir as one native executable (Native AOT: a few minutes)"
  if dotnet publish src/Director/Director.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$libdir.new" -nologo -v q; then
    rm -f "$libdir.new"/*.dbg "$libdir.new"/*.pdb
  else
    echo "install.sh: the native publish failed; installing the ReadyToRun publish instead" >&2
    rm -rf "$libdir.new"
  fi
else
  echo "install.sh: no C toolchain (gcc or clang) for a native executable; installing the ReadyToRun publish" >&2
fi
if [ ! -d "$libdir.new" ]; then
  echo "install.sh: publishing lvs-director to $libdir (one composite ReadyToRun image: about 2 minutes)"
  dotnet publish src/Director/Director.csproj -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=true -o "$libdir.new" -nologo -v q
fi
rm -rf "$libdir"
mv "$libdir.new" "$libdir"
mkdir -p "$prefix/sbin"
ln -sf "$libdir/lvs-director" "$prefix/sbin/lvs-director"

confdir=/etc/lvs-director
mkdir -p "$confdir"
if [ ! -f "$confdir/keepalived.conf" ]; then
  install -m 0644 examples/keepalived.conf "$confdir/keepalived.conf"
  echo "install.sh: installed the example configuration $confdir/keepalived.conf"
fi

if [ "$run" = 1 ]; then
  echo "install.sh: checking $confdir/keepalived.conf"
  "$prefix/sbin/lvs-director" --config-test -f "$confdir/keepalived.conf"
fi
