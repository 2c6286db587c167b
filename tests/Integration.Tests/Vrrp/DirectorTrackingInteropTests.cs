using System.Diagnostics;
using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Vrrp;

/// <summary>
/// `lvs-director -P` with vrrp_script tracking and notify scripts against real keepalived 2.2.7: the
/// binding, the script runner and SIGHUP reload of a changed track set, end to end.
/// </summary>
[Trait("Category", "Integration")]
[Collection("vrrp-lab")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DirectorTrackingInteropTests : IDisposable
{
    private const string Vip = "192.0.2.100";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lvsd-track-");

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string Config(int weight, string check, string notify) => $$"""
        global_defs {
            script_user root
            enable_script_security
        }
        vrrp_script chk_up {
            script "{{check}}"
            interval 0.5
            timeout 5
            weight {{weight}}
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            track_script {
                chk_up
            }
            notify "{{notify}}"
            virtual_ipaddress {
                {{Vip}}/24
            }
        }
        """;

    [Fact]
    public async Task VrrpScriptWeight_FileAppears_OursPreempts_ReloadLowersWeight_KeepalivedBack_NotifyOrdered()
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        await using var lab = await VrrpLab.CreateAsync("lvsit");
        var flag = Path.Combine(_dir.FullName, "up");
        var record = Path.Combine(_dir.FullName, "record");
        var check = Script("chk_up", $"[[ -f {flag} ]]");
        var notify = Script("notify", $"echo \"$LVSD_NOTIFY_SEQ $*\" >> {record}");
        var kaConf = Path.Combine(_dir.FullName, "keepalived.conf");
        File.WriteAllText(kaConf, $$"""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 1
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }
            """);
        var keepalived = Process.Start(new ProcessStartInfo("ip",
            ["netns", "exec", lab.A, "keepalived", "-n", "-l", "-D", "-P", "-f", kaConf, "-p", Path.Combine(_dir.FullName, "k.pid"), "-r", Path.Combine(_dir.FullName, "v.pid")])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        keepalived.OutputDataReceived += (_, _) => { };
        keepalived.ErrorDataReceived += (_, _) => { };
        keepalived.BeginOutputReadLine();
        keepalived.BeginErrorReadLine();
        try
        {
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, true, TimeSpan.FromSeconds(20)), "keepalived master");
            var conf = Path.Combine(_dir.FullName, "lvsd.conf");
            File.WriteAllText(conf, Config(60, check, notify));
            await using var director = DirectorProcess.Start(["-n", "-l", "-P", "-f", conf], netns: lab.B);
            Assert.True(await director.WaitForOutputAsync("Entering BACKUP STATE", TimeSpan.FromSeconds(20)), director.Output);

            File.WriteAllText(flag, "");   // 100 + 60 = 160 > 150
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, true, TimeSpan.FromSeconds(15)), "ours did not preempt at 160\n" + director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, false, TimeSpan.FromSeconds(5)), director.Output);
            Assert.Contains("Changing effective priority from 100 to 160", director.Output);

            File.WriteAllText(conf, Config(10, check, notify));   // 110 < 150
            director.Signal(1);
            Assert.True(await director.WaitForOutputAsync("Reload done", TimeSpan.FromSeconds(20)), director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.A, Vip, true, TimeSpan.FromSeconds(15)), "keepalived did not preempt ours (110)\n" + director.Output);
            Assert.True(await lab.WaitHoldsAsync(lab.B, Vip, false, TimeSpan.FromSeconds(5)), director.Output);
            Assert.Contains("Changing effective priority from 160 to 110", director.Output);
            Assert.False(director.HasExited);

            Assert.Equal(0, await director.StopAsync());
            // A loaded machine must not make the check time out (the timeout defaults to the interval, as in keepalived).
            Assert.DoesNotContain("VRRP_Script(chk_up) failed (timed out)", director.Output);
            // Sequence numbers rise strictly; a MASTER_RX_LOWER_PRI event (keepalived's last advert crossing
            // our first one) takes a number without reaching the generic notify, so gaps are allowed.
            var lines = File.ReadAllLines(record);
            var diagnostics = string.Join("\n", lines) + "\n" + director.Output;
            var seqs = lines.Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.True(seqs.Length > 0 && seqs[0] == 1 && seqs.Zip(seqs.Skip(1)).All(p => p.Second > p.First), diagnostics);
            Assert.True(
                new[] { "INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 160", "INSTANCE VI_1 BACKUP 110", "INSTANCE VI_1 STOP 110" }
                    .SequenceEqual(lines.Select(l => l[(l.IndexOf(' ') + 1)..])),
                diagnostics);
        }
        finally
        {
            if (!keepalived.HasExited)
            {
                await Shell.RunAsync("kill", ["-TERM", keepalived.Id.ToString()]);
                await keepalived.WaitForExitAsync();
            }
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
