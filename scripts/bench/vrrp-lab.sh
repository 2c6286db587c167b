# Shared helpers of the VRRP figure scripts (sourced, not run): a bridge namespace with routers joined
# to it, keepalived 2.2.7 and lvs-director started in them, tcpdump on the wire, cleanup of everything
# this script started (by pid) on exit. Addresses: 192.0.2.0/24 only, inside our namespaces.

lab_prefix=${LAB_PREFIX:-lvsb$$}
lab_bridge=$lab_prefix-br
lab_namespaces=()
lab_pids=()
lab_work=$(mktemp -d /tmp/lvsw-vrrp-bench.XXXXXX)
lab_keep=${LAB_KEEP:-0}
director_dll=$(pwd)/src/Director/bin/Release/net10.0/lvs-director.dll

lab_require() {
    [ "$(id -u)" = 0 ] || { echo "needs root (network namespaces, raw sockets)" >&2; exit 2; }
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null || { echo "needs '$c': apt-get install -y --no-install-recommends $(lab_package "$c")" >&2; exit 2; }
    done
}

lab_package() {
    case "$1" in
        ip) echo iproute2 ;; stress-ng) echo stress-ng ;; tshark) echo tshark ;; tcpdump) echo tcpdump ;;
        keepalived) echo keepalived ;; python3) echo python3 ;; *) echo "$1" ;;
    esac
}

lab_cleanup() {
    local pid ns
    for pid in "${lab_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${lab_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${lab_namespaces[@]}" "$lab_bridge"; do ip netns del "$ns" 2>/dev/null || true; done
    if [ "$lab_keep" = 1 ]; then echo "kept: $lab_work" >&2; else rm -rf "$lab_work"; fi
}

lab_create_bridge() {
    ip netns add "$lab_bridge"
    ip -n "$lab_bridge" link add br0 type bridge mcast_snooping 0
    ip -n "$lab_bridge" link set br0 up
}

# lab_add_router NAME LAST-OCTET: namespace $lab_prefix-NAME, eth0 192.0.2.N/24, bridge port p-NAME.
lab_add_router() {
    local ns=$lab_prefix-$1
    ip netns add "$ns"
    lab_namespaces+=("$ns")
    ip -n "$ns" link add eth0 type veth peer name "p-$1" netns "$lab_bridge"
    ip -n "$lab_bridge" link set "p-$1" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "192.0.2.$2/24" dev eth0
    ip -n "$ns" link set eth0 up
}

# lab_conf FILE VRID PRIORITY VERSION INTERVAL VIP
lab_conf() {
    cat > "$1" <<EOF
global_defs {
    router_id lvsb_$2_$3
}
vrrp_instance VI_$2 {
    state BACKUP
    interface eth0
    virtual_router_id $2
    priority $3
    advert_int $5
    version $4
    virtual_ipaddress {
        $6/32
    }
}
EOF
}

# lab_start_keepalived NAME CONF: keepalived in $lab_prefix-NAME; pid files $lab_work/NAME.{pid,vrrp.pid}.
lab_start_keepalived() {
    ip netns exec "$lab_prefix-$1" keepalived -n -l -D -P -f "$2" -p "$lab_work/$1.pid" -r "$lab_work/$1.vrrp.pid" > "$lab_work/$1.log" 2>&1 &
    lab_pids+=($!)
    eval "pid_$1=$!"
}

# lab_start_director NAME CONF: lvs-director -n -l -P in $lab_prefix-NAME (`ip netns exec` execs: $! is its pid).
lab_start_director() {
    ip netns exec "$lab_prefix-$1" dotnet "$director_dll" -n -l -P -f "$2" > "$lab_work/$1.log" 2>&1 &
    lab_pids+=($!)
    eval "pid_$1=$!"
}

# lab_crash_keepalived NAME: kill -9 of parent and VRRP child, parent frozen first (else it respawns the
# child, or the child stops gracefully with priority 0 when it sees the parent go).
lab_crash_keepalived() {
    local parent child
    parent=$(cat "$lab_work/$1.pid"); child=$(cat "$lab_work/$1.vrrp.pid")
    kill -STOP "$parent"; kill -KILL "$child" "$parent"
    wait "$(eval echo \$pid_$1)" 2>/dev/null || true
}

# lab_stop NAME: SIGTERM (graceful: priority 0 if master), wait.
lab_stop() {
    local pid; pid=$(eval echo \$pid_$1)
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# lab_wait_log NAME TEXT TIMEOUT-SECONDS: until the router's log says TEXT.
lab_wait_log() {
    local deadline=$(( $(date +%s) + $3 ))
    until grep -q "$2" "$lab_work/$1.log" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

lab_holds() { ip -n "$lab_prefix-$1" -o addr show dev eth0 | grep -q " $2/"; }

# lab_wait_holds NAME VIP TIMEOUT-SECONDS
lab_wait_holds() {
    local deadline=$(( $(date +%s%N) + ${3%.*} * 1000000000 ))
    until lab_holds "$1" "$2"; do
        [ "$(date +%s%N)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}

# lab_capture_start PORT FILE [FILTER]: tcpdump on a bridge port (or br0); returns once it listens.
lab_capture_start() {
    ip netns exec "$lab_bridge" tcpdump -i "$1" -n -U -s 96 -w "$2" "${3:-ip proto 112 or ip proto 51}" 2> "$2.err" &
    lab_pids+=($!)
    capture_pid=$!
    local i
    for i in $(seq 100); do grep -q "listening on" "$2.err" 2>/dev/null && return 0; sleep 0.05; done
    echo "tcpdump did not start: $(cat "$2.err")" >&2; return 1
}

lab_capture_stop() { kill -INT "$capture_pid" 2>/dev/null || true; wait "$capture_pid" 2>/dev/null || true; }

# Master_Down_Interval in ms for VERSION INTERVAL-S PRIORITY (RFC 3768 §6.1 / RFC 5798 §6.1).
lab_master_down_ms() {
    python3 -c "
v, i, p = int('$1'), float('$2'), int('$3')
skew = (256 - p) / 256 * (1.0 if v == 2 else i)
print(f'{(3 * i + skew) * 1000:.2f}')"
}
