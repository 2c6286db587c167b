#!/usr/bin/env python3
"""Figure for issue 6 (driven by checkers-scale.sh; not part of the test suite).

N real servers = N IPv6 addresses (2001:db8:c::/64) on a dummy interface in the server namespace, served by one
nginx listener ([::]:80, stub_status on [2001:db8:b::2]:8080). The same generated keepalived.conf (services of
100 real servers, delay_loop 1, TCP_CHECK or HTTP_GET) is run by each tool in turn, in the director namespace,
which reaches 2001:db8:c::/64 over a veth (2001:db8:b::1 -> 2001:db8:b::2) as a director reaches its real
servers. (With the addresses in the tool's own namespace, every connect spends its time in the kernel's IPv6
source-address selection, which walks all N addresses of the device: perf showed ~85 % of the CPU in
__ipv6_dev_get_saddr / ipv6_get_saddr_eval at N = 10,000, for any tool.)

  checks/s  = nginx's accepted connections (TCP_CHECK) or requests (HTTP_GET) per second over the window,
  CPU       = the tool's user+system time over the window (all its processes) / wall time, in cores,
  detection = one real server is made to refuse (nft: tcp reset) and the time until the tool logs the IPVS
              change for it (ours: "IPVS: delete dest"; keepalived: "Removing service"); without IPVS (host
              kernel) ours is timed to its "Disabling real server" line, which precedes the IPVS write.

Without IPVS (this host's kernel), keepalived runs with ipvs-genl-stub.so preloaded (--ipvs-stub), which answers
its IPVS netlink requests with success, and lvs-director's IPVS writes fail at once: both then do all of a
checker's work (sockets, timers, verdicts, logging) and neither waits on a kernel IPVS table.

Runs inside the director namespace checkers-scale.sh created (and deletes, with the server namespace and the
veth pair lvsbv0 (here) / lvsbv1 (there)).
Usage: checkers-scale.py --servers N --check tcp|http --tools ours,keepalived --seconds S --ours APPHOST|DLL --server-ns NS
"""
import argparse, os, re, shutil, signal, socket, subprocess, tempfile, threading, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument("--servers", type=int, default=10000)
p.add_argument("--check", choices=["tcp", "http"], default="tcp")
p.add_argument("--tools", default="ours,keepalived")
p.add_argument("--seconds", type=float, default=20)
p.add_argument("--warmup", type=float, default=15)
p.add_argument("--ours", required=True)
p.add_argument("--server-ns", required=True)
p.add_argument("--ipvs-stub", default="", help="ipvs-genl-stub.so, preloaded into keepalived where the kernel has no IPVS")
args = p.parse_args()

work = tempfile.mkdtemp(prefix="lvsb-")
ipvs = os.path.exists("/proc/net/ip_vs")
per_service = 100
HZ = os.sysconf("SC_CLK_TCK")


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout


def srv(*cmd):
    return ["ip", "netns", "exec", args.server_ns, *cmd]


def addr(i):
    return f"2001:db8:c::{i // 65536 + 1:x}:{i % 65536 + 1:x}"


def write_config(path):
    with open(path, "w") as f:
        f.write("global_defs {\n  router_id lvsbench\n}\n")
        for s in range((args.servers + per_service - 1) // per_service):
            f.write(f"virtual_server 2001:db8:a::{s + 1:x} 80 {{\n  delay_loop 1\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n")
            for i in range(s * per_service, min(args.servers, (s + 1) * per_service)):
                f.write(f"  real_server {addr(i)} 80 {{\n    weight 1\n")
                if args.check == "tcp":
                    f.write("    TCP_CHECK {\n      connect_timeout 3\n      retry 1\n      delay_before_retry 1\n    }\n")
                else:
                    f.write("    HTTP_GET {\n      url {\n        path /ok\n        status_code 200\n      }\n"
                            "      connect_timeout 3\n      retry 1\n      delay_before_retry 1\n    }\n")
                f.write("  }\n")
            f.write("}\n")


def nginx_counter():
    text = urllib.request.urlopen("http://[2001:db8:b::2]:8080/s", timeout=5).read().decode()
    # "Active connections: 1 \nserver accepts handled requests\n 10 10 10 \n..."
    accepts, handled, requests = map(int, text.splitlines()[2].split())
    return accepts if args.check == "tcp" else requests


def syn_counter():
    # Connection attempts the kernel saw (nft counter on SYNs to port 80): a check counts even when the
    # (CPU-starved) listener has not accepted it yet.
    out = sh(*srv("nft", "list", "chain", "inet", "lvsb", "syns"))
    return int(re.search(r"packets (\d+)", out).group(1))


def cpu_split(pids):
    """(user, system) CPU seconds of the tool's processes."""
    user = system = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            user += int(fields[11])  # utime, stime (after pid and comm: fields 14, 15)
            system += int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return user / HZ, system / HZ


def thread_cpu(pids):
    """{(pid, thread name): CPU seconds} of every thread of the tool's processes."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                head, rest = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)
                fields = rest.split()
                key = (pid, head.split("(", 1)[1])
                out[key] = out.get(key, 0) + (int(fields[11]) + int(fields[12])) / HZ
            except (FileNotFoundError, ProcessLookupError):
                pass
    return out


def count_events(pids, seconds):
    """Sleeps for the window; with perf (PERF=1, the default) counts the tools' instructions and context switches
    over it: load-independent costs (a context switch is a thread crossing or a wake-up). {} without perf."""
    if os.environ.get("PERF", "1") != "1" or not shutil.which("perf"):
        time.sleep(seconds)
        return {}
    if os.environ.get("PERF_RECORD"):
        # A profile instead of the counters (PERF_RECORD=<directory>; with DOTNET_PerfMapEnabled=1 for ours' JIT symbols).
        path = os.path.join(os.environ["PERF_RECORD"], f"perf-{args.check}-{args.servers}-{pids[0]}.data")
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000", "-g", "-o", path, "-p", ",".join(map(str, pids)),
                        "--", "sleep", str(seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return {}
    out = subprocess.run(["perf", "stat", "-x", ",", "-e", "instructions:u,instructions:k,context-switches", "-p", ",".join(map(str, pids)),
                          "--", "sleep", str(seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    counters = {}
    for line in out.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[0].strip().isdigit():
            counters[fields[2]] = int(fields[0])
    return counters


def syscalls_per_attempt(tool, pids, seconds):
    """STRACE=S (diagnostic, after the window: strace slows the tool): `strace -f -c` attached for S seconds to all
    the tool's threads; prints the syscalls per connection attempt (SYN) over that time, the most frequent first."""
    out = os.path.join(work, "strace.txt")
    s0 = syn_counter()
    cmd = ["strace", "-f", "-c", "-q", "-o", out] + [a for pid in pids for a in ("-p", str(pid))]
    tracer = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    tracer.send_signal(signal.SIGINT)
    tracer.wait(60)
    attempts = max(syn_counter() - s0, 1)
    calls = []
    for line in open(out).read().splitlines():
        fields = line.split()
        # "% time seconds usecs/call calls [errors] syscall"
        if len(fields) >= 5 and fields[3].isdigit() and not fields[-1].startswith("total"):
            errors = int(fields[4]) if len(fields) == 6 else 0
            calls.append((int(fields[3]) / attempts, errors / attempts, fields[-1]))
    calls.sort(reverse=True)
    if os.environ.get("STRACE_RAW"):
        # One second of the calls themselves, to read a probe's sequence: STRACE_RAW=<directory>.
        raw = os.path.join(os.environ["STRACE_RAW"], f"strace-{tool}-{args.check}-{args.servers}.txt")
        tracer = subprocess.Popen(["strace", "-f", "-tt", "-q", "-o", raw] + [a for pid in pids for a in ("-p", str(pid))],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        tracer.send_signal(signal.SIGINT)
        tracer.wait(60)
    print(f"    strace -f -c over {seconds:.0f} s ({attempts:,} attempts), syscalls per attempt: "
          + ", ".join(f"{name} {n:.2f}" + (f" ({e:.2f} failed)" if e else "") for n, e, name in calls if n >= 0.01))


def descendants(pid):
    out = [pid]
    for child in sh("ps", "-o", "pid=", "--ppid", str(pid), check=False).split():
        out += descendants(int(child))
    return out


def wait_log(path, patterns, timeout, offset):
    """The monotonic time each pattern first appears in the log, reading only what was appended (None: not seen)."""
    deadline = time.monotonic() + timeout
    rxs = [re.compile(p) for p in patterns]
    seen = [None] * len(rxs)
    with open(path, errors="replace") as f:
        f.seek(offset)
        pending = ""
        while time.monotonic() < deadline and None in seen:
            pending += f.read()
            lines = pending.split("\n")
            pending = lines.pop()
            now = time.monotonic()
            for line in lines:
                for i, rx in enumerate(rxs):
                    if seen[i] is None and rx.search(line):
                        seen[i] = now
            time.sleep(0.02)
    return seen


def run_tool(tool, conf, victim):
    log = os.path.join(work, f"{tool}.log")
    if tool == "ours":
        # -D (debug) as keepalived's: ours then logs "Checks: ... probes completed ..., mean timer lateness ..." every 10 s.
        cmd = (["dotnet"] if args.ours.endswith(".dll") else []) + [args.ours, "-n", "-l", "-D", "-C", "-f", conf]
    else:
        cmd = ["keepalived", "-n", "-l", "-D", "-C", "-f", conf, "-p", f"{work}/k.pid", "-c", f"{work}/c.pid"]
    env = dict(os.environ)
    if tool == "keepalived" and not ipvs and args.ipvs_stub:
        # keepalived stops at start on a kernel without IPVS; ipvs-genl-stub.c answers its IPVS netlink requests
        # (they succeed without reaching a kernel) so that its checkers run here (see that file).
        env["LD_PRELOAD"] = args.ipvs_stub
        env["IPVS_STUB_LOG"] = os.path.join(work, "ipvs-stub.log")
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        time.sleep(args.warmup)
        if "Can't initialize ipvs" in open(log, errors="replace").read():
            print(f"  {tool}: refuses to run its checkers without IPVS on this kernel (\"IPVS: Can't initialize ipvs\"); not measured here")
            return
        if proc.poll() is not None:
            tail = open(log, errors="replace").read().splitlines()[-6:]
            print(f"  {tool}: exited ({proc.returncode}) before measuring:\n    " + "\n    ".join(tail))
            return
        pids = descendants(proc.pid)
        threads0 = thread_cpu(pids)
        (u0, k0), n0, s0, t0 = cpu_split(pids), nginx_counter(), syn_counter(), time.monotonic()
        counters = count_events(pids, args.seconds)
        (u1, k1), n1, s1, t1 = cpu_split(descendants(proc.pid)), nginx_counter(), syn_counter(), time.monotonic()
        c0, c1 = u0 + k0, u1 + k1
        threads1 = thread_cpu(descendants(proc.pid))
        rate = (n1 - n0) / (t1 - t0)
        syns = (s1 - s0) / (t1 - t0)
        cores = (c1 - c0) / (t1 - t0)
        print(f"  {tool}: {rate:,.0f} checks/s completed ({'accepted' if args.check == 'tcp' else 'HTTP requests'} by nginx), "
              f"{syns:,.0f} connection attempts/s (SYNs), over {t1 - t0:.1f} s; CPU {cores:.2f} cores "
              f"({(c1 - c0) / max(s1 - s0, 1) * 1e6:.0f} µs CPU per attempt: user {(u1 - u0) / max(s1 - s0, 1) * 1e6:.0f}, "
              f"system {(k1 - k0) / max(s1 - s0, 1) * 1e6:.0f})")

        if counters:
            attempts = max(s1 - s0, 1)
            print("    perf stat over the window: " + ", ".join(f"{v / attempts:,.{0 if v > 100 * attempts else 2}f} {k} per attempt" for k, v in counters.items()))
        # Where the CPU went, by thread name (threads of one name summed; a share of the window's CPU).
        spent = sorted(((v - threads0.get(k, 0), k) for k, v in threads1.items()), reverse=True)
        total = max(sum(v for v, _ in spent), 1e-9)
        print("    CPU by thread over the window: " + ", ".join(f"{name} ({pid}) {v / total:.0%}" for v, (pid, name) in spent if v / total >= 0.01))
        # Sockets the probes left in TIME_WAIT (60 s each): on the director's side (this namespace) and the servers'.
        def time_wait(cmd):
            out = subprocess.run(cmd + ["ss", "-Htan", "state", "time-wait"], capture_output=True, text=True).stdout
            return len(out.splitlines())
        print(f"    sockets in TIME_WAIT at the window's end: director {time_wait([]):,}, real servers {time_wait(srv()):,}")
        if tool == "ours":
            stats = [l for l in open(log, errors="replace").read().splitlines() if "probes completed" in l]
            if stats:
                print("    its last statistics line: " + stats[-1][stats[-1].index("Checks:"):])
        if rate < 1:
            print("    its last log lines:\n      " + "\n      ".join(l[:200] for l in open(log, errors="replace").read().splitlines()[-4:]))
        if os.environ.get("STRACE") and shutil.which("strace"):
            syscalls_per_attempt(tool, descendants(proc.pid), float(os.environ["STRACE"]))
        offset = os.path.getsize(log)
        sh(*srv("nft", "add", "rule", "inet", "lvsb", "input", "ip6", "daddr", victim, "tcp", "dport", "80", "reject", "with", "tcp", "reset"))
        killed = time.monotonic()
        if tool == "keepalived":
            pattern = r"Removing service \[?" + re.escape(victim) + r"\]?:tcp:80"
            what = "IPVS change logged (Removing service)" if ipvs else "Removing service logged (its IPVS request answered by the stub)"
        elif ipvs:
            pattern = r"delete dest \[?" + re.escape(victim) + r"\]?:80"
            what = "IPVS delete logged"
        else:
            pattern = r"Disabling real server \[?" + re.escape(victim) + r"\]?:80"
            what = "Disabling logged (no IPVS on this kernel)"
        verdict = r"Disabling real server \[?" + re.escape(victim) + r"\]?:80" if tool == "ours" and ipvs else pattern
        seen, decided = wait_log(log, [pattern, verdict], 60, offset)
        bound = 1 + 1 * (3 + 1)
        also = f" (its verdict, \"Disabling real server\", after {decided - killed:.2f} s)" if decided is not None and verdict != pattern else ""
        print(f"  {tool}: detection {'>60 s' if seen is None else f'{seen - killed:.2f} s'} from tcp-reset to {what}{also}; "
              f"bound delay_loop + retry x (connect_timeout + delay_before_retry) = {bound} s")
        sh(*srv("nft", "flush", "chain", "inet", "lvsb", "input"))
    finally:
        if os.environ.get("KEEP_LOGS"):
            shutil.copy(log, os.path.join(os.environ["KEEP_LOGS"], f"{tool}-{args.check}-{args.servers}.log"))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        stub_log = os.path.join(work, "ipvs-stub.log")
        if tool == "keepalived" and os.path.exists(stub_log):
            names = {1: "NEW_SERVICE", 2: "SET_SERVICE", 3: "DEL_SERVICE", 4: "GET_SERVICE", 5: "NEW_DEST", 6: "SET_DEST",
                     7: "DEL_DEST", 8: "GET_DEST", 12: "SET_CONFIG", 13: "GET_CONFIG", 15: "GET_INFO", 17: "FLUSH"}
            counts = [l.split()[1:] for l in open(stub_log) if l.startswith("counts:") and len(l.split()) > 1]
            if counts:
                print("    its IPVS requests, answered by the stub: " + ", ".join(
                    f"{names.get(int(k[3:]), k)} {v}" for k, v in (c.split("=") for c in counts[-1])))
            os.remove(stub_log)
        # The next tool starts from an empty table (lvs-director leaves its table in place on exit, by design).
        if ipvs and shutil.which("ipvsadm"):
            subprocess.run(["ipvsadm", "-C"], check=False)


def syslog_sink():
    """keepalived -l opens syslog with LOG_CONS: where nothing listens on /dev/log (this host, the IPVS VM), glibc
    writes each message to /dev/console instead, here a serial port. perf: 90 % of keepalived's CPU in uart_write,
    its start-up (a line per real server) stalled for 30 s and its timers with it. A director has a syslog daemon
    (journald) on /dev/log; this stands in for one: it receives and discards. Returns its path, or None."""
    if os.path.exists("/dev/log"):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            probe.connect("/dev/log")
            return None  # a syslog daemon is there
        except ConnectionRefusedError:
            os.remove("/dev/log")  # left by a run that was killed
        finally:
            probe.close()
    sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sink.bind("/dev/log")
    def drain():
        while True:
            try:
                sink.recv(65536)
            except OSError:
                return
    threading.Thread(target=drain, daemon=True).start()
    return "/dev/log"


def main():
    conf = os.path.join(work, "keepalived.conf")
    sink = syslog_sink()
    write_config(conf)
    nginx = None
    try:
        # Director namespace (here): one address on the veth and a route to the real servers.
        sh("ip", "link", "set", "lo", "up")
        sh("ip", "addr", "add", "2001:db8:b::1/64", "dev", "lvsbv0", "nodad")
        sh("ip", "link", "set", "lvsbv0", "up")
        sh("ip", "-6", "route", "add", "2001:db8:c::/64", "via", "2001:db8:b::2")
        sh("sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000")
        sh("sysctl", "-qw", "net.ipv4.tcp_tw_reuse=1")
        # Server namespace: the N addresses on a dummy interface (its loopback where the kernel has no dummy
        # driver: this host's), the veth end, one nginx.
        sh(*srv("ip", "link", "set", "lo", "up"))
        dev = "lvsbd0" if subprocess.run(srv("ip", "link", "add", "lvsbd0", "type", "dummy"), stderr=subprocess.DEVNULL).returncode == 0 else "lo"
        sh(*srv("ip", "link", "set", dev, "up"))
        batch = os.path.join(work, "addrs")
        with open(batch, "w") as f:
            for i in range(args.servers):
                f.write(f"addr add {addr(i)}/64 dev {dev} nodad\n")
        sh(*srv("ip", "-batch", batch))
        sh(*srv("ip", "addr", "add", "2001:db8:b::2/64", "dev", "lvsbv1", "nodad"))
        sh(*srv("ip", "link", "set", "lvsbv1", "up"))
        sh(*srv("sysctl", "-qw", "net.core.somaxconn=65535"))
        sh(*srv("sysctl", "-qw", "net.ipv4.tcp_max_syn_backlog=65535"))
        sh(*srv("nft", "add", "table", "inet", "lvsb"))
        sh(*srv("nft", "add", "chain", "inet", "lvsb", "input", "{ type filter hook input priority 0; }"))
        sh(*srv("nft", "add", "chain", "inet", "lvsb", "syns", "{ type filter hook input priority -10; }"))
        sh(*srv("nft", "add", "rule", "inet", "lvsb", "syns", "tcp", "dport", "80", "tcp", "flags", "&", "(syn|ack)", "==", "syn", "counter"))
        with open(os.path.join(work, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx.err;
events {{ worker_connections 16384; multi_accept on; }}
http {{
  access_log off;
  client_body_temp_path {work}; proxy_temp_path {work}; fastcgi_temp_path {work}; uwsgi_temp_path {work}; scgi_temp_path {work};
  server {{ listen [::]:80 reuseport backlog=65535; location /ok {{ return 200 "ok\\n"; }} }}
  server {{ listen [2001:db8:b::2]:8080; location /s {{ stub_status; }} }}
}}
""")
        nginx = subprocess.Popen(srv("nginx", "-c", f"{work}/nginx.conf", "-g", "daemon off;"), start_new_session=True)
        for _ in range(100):
            try:
                nginx_counter()
                break
            except OSError:
                time.sleep(0.1)
        print(f"{args.servers} real servers, {args.check.upper()} checks, delay_loop 1, window {args.seconds:.0f} s after {args.warmup:.0f} s warm-up; "
              f"addresses on {dev} in the server namespace, reached over a veth; IPVS {'present' if ipvs else 'absent'}; {'a discarding syslog socket on /dev/log for the run' if sink else 'syslog on /dev/log as found'}; load before: {open('/proc/loadavg').read().split()[0]}")
        victim = addr(args.servers // 2)
        for tool in args.tools.split(","):
            run_tool(tool, conf, victim)
    finally:
        if nginx is not None:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait()
        shutil.rmtree(work, ignore_errors=True)
        if sink:
            os.remove(sink)


main()
