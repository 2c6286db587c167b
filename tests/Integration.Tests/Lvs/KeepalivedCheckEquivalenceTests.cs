using System.Diagnostics;
using System.Text;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>
/// Checks that pass or fail the same way: one configuration whose checks (TCP_CHECK, HTTP_GET with a
/// status and a missing page, MISC_CHECK, UDP_CHECK, PING_CHECK, SMTP_CHECK, DNS_CHECK, SSL_GET, inhibit_on_failure, a sorry server,
/// sorry_server_inhibit with the real servers alive and with all of them dead, sorry_server_lvs_method) give a known mix of
/// verdicts runs under keepalived in one namespace and under lvs-director in another. Each namespace
/// holds its own copy of the real servers (the same addresses on a dummy interface, the same listeners),
/// so both tools see the same servers; the settled tables, as sorted <c>ipvsadm -Sn</c>, must be equal,
/// and must be the table the verdicts imply (not merely equal to each other).
/// </summary>
[Trait("Category", "Vm")]
[Collection("ipvs-kernel")]
public class KeepalivedCheckEquivalenceTests
{
    private const string Config = """
        global_defs {
            router_id EQ_CHECKS
        }
        virtual_server 192.0.2.10 80 {
            delay_loop 2
            lb_algo wrr
            lb_kind DR
            protocol TCP
            real_server 198.51.100.1 80 {
                weight 3
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.2 80 {
                weight 4
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.11 8080 {
            delay_loop 2
            lb_algo rr
            lb_kind NAT
            protocol TCP
            inhibit_on_failure
            real_server 198.51.100.4 8080 {
                weight 5
                HTTP_GET {
                    url {
                        path /ok.txt
                        status_code 200
                    }
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.5 8080 {
                weight 6
                HTTP_GET {
                    url {
                        path /ok.txt
                        status_code 200
                    }
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.12 80 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            sorry_server 198.51.100.9 8080
            real_server 198.51.100.6 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.13 80 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.51.100.7 80 {
                weight 2
                MISC_CHECK {
                    misc_path "/bin/true"
                    misc_timeout 5
                }
            }
            real_server 198.51.100.8 80 {
                weight 2
                MISC_CHECK {
                    misc_path "/bin/false"
                    misc_timeout 5
                }
            }
        }
        virtual_server 192.0.2.14 80 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            sorry_server 198.51.100.9 80
            sorry_server_inhibit
            real_server 198.51.100.1 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.15 80 {
            sorry_server 198.51.100.9 80
            sorry_server_inhibit
            protocol TCP
            lb_kind DR
            lb_algo rr
            delay_loop 2
            real_server 198.51.100.2 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.6 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.16 53 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol UDP
            real_server 198.51.100.1 53 {
                UDP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.2 53 {
                UDP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.17 80 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.51.100.1 80 {
                weight 2
                PING_CHECK {
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.20 80 {
                weight 2
                PING_CHECK {
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.18 25 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.51.100.3 25 {
                SMTP_CHECK {
                    connect_timeout 3
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.2 25 {
                SMTP_CHECK {
                    connect_timeout 3
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.20 53 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol UDP
            real_server 198.51.100.3 53 {
                DNS_CHECK {
                    type A
                    name example.test
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.2 53 {
                DNS_CHECK {
                    type A
                    name example.test
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.21 443 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.51.100.3 443 {
                SSL_GET {
                    url {
                        path /ok.txt
                        status_code 200
                    }
                    connect_timeout 3
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 198.51.100.2 443 {
                SSL_GET {
                    url {
                        path /ok.txt
                        status_code 200
                    }
                    connect_timeout 3
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        virtual_server 192.0.2.19 80 {
            delay_loop 2
            lb_algo rr
            lb_kind DR
            protocol TCP
            sorry_server 198.51.100.9 8080
            sorry_server_lvs_method NAT
            real_server 198.51.100.2 80 {
                TCP_CHECK {
                    connect_timeout 2
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        """;

    // What the verdicts imply: .1 up (listening), .2 down (nothing listens) → removed; .4 up (200), .5 down (404) →
    // weight 0 (inhibit_on_failure); .6 down → the sorry server replaces it (written on 8080, DR keeps port 80); .7 up (/bin/true), .8 down (/bin/false);
    // sorry_server_inhibit: with .1 up the sorry server stays at weight 0, with .2 and .6 down it takes its weight 1;
    // UDP_CHECK: .1:53 has a listener (socat), .2:53 answers port unreachable; PING_CHECK: .1 is there, .20 is not;
    // SMTP_CHECK: .3:25 is aiosmtpd, .2:25 refuses; DNS_CHECK: .3:53 is dnsmasq, .2:53 answers port unreachable;
    // SSL_GET: .3:443 serves ok.txt over TLS, .2:443 refuses; sorry_server_lvs_method NAT under a DR virtual server.
    private static readonly string[] Expected =
    [
        "-A -t 192.0.2.10:80 -s wrr",
        "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -g -w 3",
        "-A -t 192.0.2.11:8080 -s rr",
        "-a -t 192.0.2.11:8080 -r 198.51.100.4:8080 -m -w 5",
        "-a -t 192.0.2.11:8080 -r 198.51.100.5:8080 -m -w 0",
        "-A -t 192.0.2.12:80 -s rr",
        "-a -t 192.0.2.12:80 -r 198.51.100.9:80 -g -w 1",
        "-A -t 192.0.2.13:80 -s rr",
        "-a -t 192.0.2.13:80 -r 198.51.100.7:80 -g -w 2",
        "-A -t 192.0.2.14:80 -s rr",
        "-a -t 192.0.2.14:80 -r 198.51.100.1:80 -g -w 2",
        "-a -t 192.0.2.14:80 -r 198.51.100.9:80 -g -w 0",
        "-A -t 192.0.2.15:80 -s rr",
        "-a -t 192.0.2.15:80 -r 198.51.100.9:80 -g -w 1",
        "-A -u 192.0.2.16:53 -s rr",
        "-a -u 192.0.2.16:53 -r 198.51.100.1:53 -g -w 1",
        "-A -t 192.0.2.17:80 -s rr",
        "-a -t 192.0.2.17:80 -r 198.51.100.1:80 -g -w 2",
        "-A -t 192.0.2.18:25 -s rr",
        "-a -t 192.0.2.18:25 -r 198.51.100.3:25 -g -w 1",
        "-A -u 192.0.2.20:53 -s rr",
        "-a -u 192.0.2.20:53 -r 198.51.100.3:53 -g -w 1",
        "-A -t 192.0.2.21:443 -s rr",
        "-a -t 192.0.2.21:443 -r 198.51.100.3:443 -g -w 1",
        "-A -t 192.0.2.19:80 -s rr",
        "-a -t 192.0.2.19:80 -r 198.51.100.9:8080 -m -w 1",
    ];

    [Fact]
    public async Task Tables_ChecksThatPassAndFail_EqualKeepalivedAndTheVerdicts()
    {
        IpvsKernel.Require();
        Prerequisites.RequireCommand("keepalived", "keepalived");
        Prerequisites.RequireCommand("python3", "python3");
        Prerequisites.RequireCommand("socat", "socat");
        // Debian's python, where python3-aiosmtpd is installed (a python3 earlier on PATH may be another one).
        const string python = "/usr/bin/python3";
        Prerequisites.RequireCommand("dnsmasq", "dnsmasq-base");
        var openssl = Prerequisites.RequireCommand("openssl", "openssl");
        if ((await Shell.RunAsync(python, ["-c", "import aiosmtpd"])).ExitCode != 0)
            throw new PrerequisiteMissingException("needs python3-aiosmtpd: apt-get install -y --no-install-recommends python3-aiosmtpd");
        var dir = Directory.CreateTempSubdirectory("lvsd-eqc-");
        var config = Path.Combine(dir.FullName, "keepalived.conf");
        await File.WriteAllTextAsync(config, Config);
        var served = Directory.CreateDirectory(Path.Combine(dir.FullName, "served"));
        await File.WriteAllTextAsync(Path.Combine(served.FullName, "ok.txt"), "ok\n");
        var empty = Directory.CreateDirectory(Path.Combine(dir.FullName, "empty"));
        var (cert, key) = (Path.Combine(dir.FullName, "cert.pem"), Path.Combine(dir.FullName, "key.pem"));
        var made = await Shell.RunAsync(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=198.51.100.3"]);
        Assert.True(made.ExitCode == 0, made.Stderr);
        var tlsServer = $"import http.server,ssl,os; os.chdir('{served.FullName}'); "
            + "s=http.server.HTTPServer(('198.51.100.3',443),http.server.SimpleHTTPRequestHandler); "
            + $"c=ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain('{cert}','{key}'); "
            + "s.socket=c.wrap_socket(s.socket,server_side=True); s.serve_forever()";
        const string theirs = "lvsq-ck", ours = "lvsq-co";
        Process? keepalived = null;
        DirectorProcess? director = null;
        try
        {
            foreach (var ns in new[] { theirs, ours })
            {
                await Shell.RunAsync("ip", ["netns", "del", ns]);
                var setUp = await Shell.ShAsync(
                    $"ip netns add {ns} && ip -n {ns} link set lo up && ip -n {ns} link add srv type dummy && ip -n {ns} link set srv up"
                    + string.Concat(Enumerable.Range(1, 9).Select(i => $" && ip -n {ns} addr add 198.51.100.{i}/32 dev srv"))
                    // Listeners: .1 on 80 (TCP up), .4 on 8080 serving ok.txt, .5 on 8080 without it (404). Nothing on .2 or .6.
                    + $" && (cd {served.FullName} && ip netns exec {ns} python3 -m http.server 80 --bind 198.51.100.1 >{dir.FullName}/{ns}-1.log 2>&1 &)"
                    + $" && (cd {served.FullName} && ip netns exec {ns} python3 -m http.server 8080 --bind 198.51.100.4 >{dir.FullName}/{ns}-4.log 2>&1 &)"
                    + $" && (cd {empty.FullName} && ip netns exec {ns} python3 -m http.server 8080 --bind 198.51.100.5 >{dir.FullName}/{ns}-5.log 2>&1 &)"
                    // .1:53/udp takes datagrams and answers nothing (UDP_CHECK up); .3:25 speaks SMTP.
                    + $" && (ip netns exec {ns} socat -u UDP-RECV:53,bind=198.51.100.1 /dev/null >{dir.FullName}/{ns}-udp.log 2>&1 &)"
                    + $" && (ip netns exec {ns} {python} -m aiosmtpd -n -l 198.51.100.3:25 >{dir.FullName}/{ns}-3.log 2>&1 &)"
                    // .3:53 answers A example.test; .3:443 is TLS.
                    + $" && (ip netns exec {ns} dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces --listen-address=198.51.100.3"
                    + $" --address=/example.test/192.0.2.1 --pid-file={dir.FullName}/{ns}-dnsmasq.pid >{dir.FullName}/{ns}-dns.log 2>&1 &)"
                    + $" && (ip netns exec {ns} python3 -c \"{tlsServer}\" >{dir.FullName}/{ns}-tls.log 2>&1 &)");
                Assert.True(setUp.ExitCode == 0, setUp.Stderr);
            }
            // The verdicts assume the listeners are up before either tool checks: python's start under emulation
            // takes seconds and varies with the host's load (a CI run once saw all three still refused when both
            // tools had settled), so wait for them, and fail with their output if they never listen.
            foreach (var ns in new[] { theirs, ours })
            {
                foreach (var (address, port) in new[] { ("198.51.100.1", 80), ("198.51.100.4", 8080), ("198.51.100.5", 8080), ("198.51.100.3", 25), ("198.51.100.3", 443), ("198.51.100.3", 53) })
                {
                    var listening = await Shell.RunAsync("ip", ["netns", "exec", ns, "bash", "-c",
                        $"for i in $(seq 240); do (exec 3<>/dev/tcp/{address}/{port}) 2>/dev/null && exit 0; sleep 0.5; done; exit 1"],
                        TimeSpan.FromSeconds(180));
                    var logs = string.Concat(Directory.GetFiles(dir.FullName, ns + "-*.log").Select(f => $"{Path.GetFileName(f)}:\n{File.ReadAllText(f)}\n"));
                    Assert.True(listening.ExitCode == 0, $"the python3 server on {address}:{port} in {ns} did not listen within 120 s:\n{logs}");
                }
            }
            keepalived = Process.Start(new ProcessStartInfo("ip",
                ["netns", "exec", theirs, "keepalived", "-n", "-l", "-C", "-f", config,
                 "-p", Path.Combine(dir.FullName, "k.pid"), "-c", Path.Combine(dir.FullName, "c.pid")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var keepalivedLog = new StringBuilder();
            keepalived.OutputDataReceived += (_, e) => { lock (keepalivedLog) keepalivedLog.AppendLine(e.Data); };
            keepalived.ErrorDataReceived += (_, e) => { lock (keepalivedLog) keepalivedLog.AppendLine(e.Data); };
            keepalived.BeginOutputReadLine();
            keepalived.BeginErrorReadLine();
            director = DirectorProcess.Start(["-n", "-l", "-C", "-f", config], netns: ours);

            // Started (the runtime starts slowly under emulation), then settled: both tables unchanged between two sweeps.
            Assert.True(await director.WaitForOutputAsync("Started lvs-director", TimeSpan.FromSeconds(300)), "lvs-director did not start:\n" + director.Output);
            await Task.Delay(TimeSpan.FromSeconds(20));
            var (theirTable, ourTable, stable) = (await KeepalivedEquivalenceTests.AllStableAsync([(theirs, ours)]))[0];

            string Explain() => $"keepalived:\n  {string.Join("\n  ", theirTable)}\nours:\n  {string.Join("\n  ", ourTable)}\n"
                + $"stable: {stable}\nour log:\n{string.Join("\n", director.Output.Split('\n').TakeLast(25))}\n"
                + $"keepalived log:\n{string.Join("\n", keepalivedLog.ToString().Split('\n').TakeLast(25))}";
            Assert.True(theirTable.SequenceEqual(ourTable), Explain());
            // The table proper: the sweep's thresholds and tunnel lines were compared above.
            Assert.True(Expected.Order(StringComparer.Ordinal).SequenceEqual(ourTable.Where(l => l.StartsWith('-'))), "not the table the verdicts imply\n" + Explain());
        }
        finally
        {
            if (director is not null) await director.DisposeAsync();
            if (keepalived is { HasExited: false })
            {
                await Shell.RunAsync("kill", ["-TERM", keepalived.Id.ToString()]);
                await keepalived.WaitForExitAsync();
            }
            foreach (var ns in new[] { theirs, ours })
            {
                await Shell.ShAsync($"ip netns pids {ns} | xargs -r kill -9");
                await Shell.RunAsync("ip", ["netns", "del", ns]);
            }
            dir.Delete(recursive: true);
        }
    }
}
