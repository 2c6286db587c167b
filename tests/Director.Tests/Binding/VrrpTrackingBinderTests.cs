using LvsDirector.Config.Binding;
using LvsDirector.Director.Tests.Config;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Director.Tests.Binding;

public class VrrpTrackingBinderTests
{
    private const string Config = """
        global_defs {
            script_user nobody nogroup
            enable_script_security
            notify_fifo /run/lvsd.fifo
            notify_fifo_script "/usr/local/bin/fifo-reader -v"
        }
        interface_up_down_delays {
            eth0 2 1
            eth1 3
        }
        vrrp_script chk_nginx {
            script "/usr/bin/pidof nginx"
            interval 2
            timeout 1.5
            weight -20 reverse
            rise 2
            fall 3
            init_fail
        }
        track_file prio_file {
            file /run/prio
            weight -3
            init_file 5 overwrite
        }
        vrrp_track_process nginx_proc {
            process nginx -g daemon
            param_match initial
            weight 10
            quorum 2
            quorum_max 4
            delay 1
        }
        vrrp_sync_group G1 {
            group {
                VI_1
                VI_2
                VI_NOPE
            }
            track_interface {
                eth9
            }
            notify_master "/bin/group-master arg"
            notify /bin/group-notify
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            dont_track_primary
            track_interface {
                eth1 weight -10
                eth2
            }
            track_script {
                chk_nginx
                chk_missing
                chk_nginx weight 5 noreverse
            }
            track_file {
                prio_file weight 2
            }
            track_process {
                nginx_proc
            }
            notify_master "/bin/notify-master --vi 1" root root
            notify_backup /bin/notify-backup
            notify_fault /bin/notify-fault
            notify_stop /bin/notify-stop
            notify /bin/notify-all
            notify_master_rx_lower_pri /bin/rx-lower
            higher_prio_send_advert false
            virtual_ipaddress {
                192.0.2.100/24
            }
        }
        vrrp_instance VI_2 {
            interface eth1
            virtual_router_id 52
            virtual_ipaddress {
                192.0.2.101/24
            }
        }
        """;

    private static VrrpOptions Bind() => VrrpOptionsBinder.Bind(ConfigTestHelpers.Load(Config).Model);

    [Fact]
    public void Bind_VrrpScript_AllFields()
    {
        var s = Bind().Scripts["chk_nginx"];

        Assert.Equal(["/usr/bin/pidof", "nginx"], s.Command.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1.5), s.Timeout);
        Assert.Equal(-20, s.Weight);
        Assert.True(s.Reverse);
        Assert.Equal(2, s.Rise);
        Assert.Equal(3, s.Fall);
        Assert.True(s.InitFail);
    }

    [Fact]
    public void Bind_TrackFileAndProcess_AllFields()
    {
        var o = Bind();
        var f = o.TrackFiles["prio_file"];
        var p = o.TrackProcesses["nginx_proc"];

        Assert.Equal("/run/prio", f.Path);
        Assert.Equal(-3, f.Weight);
        Assert.Equal(5, f.InitValue);
        Assert.True(f.InitOverwrite);
        Assert.Equal("nginx", p.Process);
        Assert.Equal(["-g", "daemon"], p.Parameters);
        Assert.Equal(ProcessParameterMatch.Initial, p.ParameterMatch);
        Assert.Equal((10, 2, 4), (p.Weight, p.Quorum, p.QuorumMax!.Value));
        Assert.Equal(TimeSpan.FromSeconds(1), p.ForkDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), p.TerminateDelay);
    }

    [Fact]
    public void Bind_InstanceTracking_ReferencesWithOverridesUnknownDropped()
    {
        var vi = Bind().Instances["VI_1"];

        Assert.True(vi.DontTrackPrimary);
        Assert.False(vi.HigherPrioritySendAdvert);
        Assert.Equal([("eth1", (int?)-10), ("eth2", null)], vi.Tracking.Interfaces.Select(r => (r.Name, r.Weight)).ToArray());
        Assert.Equal(2, vi.Tracking.Scripts.Count);                 // chk_missing is not defined: dropped
        Assert.Equal((5, false), (vi.Tracking.Scripts[1].Weight!.Value, vi.Tracking.Scripts[1].Reverse!.Value));
        Assert.Equal(2, Assert.Single(vi.Tracking.Files).Weight);
        Assert.Equal("nginx_proc", Assert.Single(vi.Tracking.Processes).Name);
    }

    [Fact]
    public void Bind_InstanceNotify_ArgvAndUser()
    {
        var n = Bind().Instances["VI_1"].Notify;

        Assert.Equal(["/bin/notify-master", "--vi", "1"], n.Master!.Arguments);
        Assert.Equal(("root", "root"), (n.Master.User, n.Master.Group));
        Assert.Equal("/bin/notify-backup", n.Backup!.Arguments[0]);
        Assert.Equal("/bin/notify-fault", n.Fault!.Arguments[0]);
        Assert.Equal("/bin/notify-stop", n.Stop!.Arguments[0]);
        Assert.Equal("/bin/notify-all", n.Generic!.Arguments[0]);
        Assert.Equal("/bin/rx-lower", n.MasterReceivedLowerPriority!.Arguments[0]);
    }

    [Fact]
    public void Bind_SyncGroup_MembersTrackingNotify()
    {
        var g = Bind().SyncGroups["G1"];

        Assert.Equal(["VI_1", "VI_2"], g.Members);                  // VI_NOPE does not exist: dropped
        Assert.Equal("eth9", Assert.Single(g.Tracking.Interfaces).Name);
        Assert.Equal(["/bin/group-master", "arg"], g.Notify.Master!.Arguments);
        Assert.Equal("/bin/group-notify", g.Notify.Generic!.Arguments[0]);
    }

    [Fact]
    public void Bind_Globals_ScriptingFifoDelays()
    {
        var o = Bind();

        Assert.Equal(("nobody", "nogroup", true), (o.Scripting.ScriptUser, o.Scripting.ScriptGroup, o.Scripting.EnableScriptSecurity));
        var fifo = Assert.Single(o.NotifyFifos);
        Assert.Equal("/run/lvsd.fifo", fifo.Path);
        Assert.Equal(["/usr/local/bin/fifo-reader", "-v"], fifo.Script!.Arguments);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), (o.InterfaceDelays["eth0"].Down, o.InterfaceDelays["eth0"].Up));
        Assert.Equal(TimeSpan.FromSeconds(3), o.InterfaceDelays["eth1"].Up);
    }

    [Fact]
    public void Bind_WholeConfig_PassesLibraryValidatorAndIsStable()
    {
        var o = Bind();

        Assert.Empty(VrrpOptionsValidator.Validate(o));
        Assert.Equal(o, Bind());
    }

    [Fact]
    public void Bind_NotifyDeletedPriorityChangesOwnerIgnore_Bound()
    {
        var options = VrrpOptionsBinder.Bind(ConfigTestHelpers.Load("""
            global_defs {
                vrrp_notify_priority_changes
                vrrp_owner_ignore_adverts
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 255
                notify_deleted
                notify_priority_changes false
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                notify_deleted "/bin/deleted --vi 2"
                owner_ignore_adverts false
                virtual_ipaddress {
                    192.0.2.101/24
                }
            }
            """).Model);

        var one = options.Instances["VI_1"];
        var two = options.Instances["VI_2"];
        Assert.True(options.Scripting.NotifyPriorityChanges);
        Assert.True(one.Notify.ReportDeleted);
        Assert.Null(one.Notify.Deleted);
        Assert.False(one.Notify.PriorityChanges);
        Assert.True(one.OwnerIgnoresAdvertisements);
        Assert.True(two.Notify.ReportDeleted);
        Assert.Equal(["/bin/deleted", "--vi", "2"], two.Notify.Deleted!.Arguments);
        Assert.Null(two.Notify.PriorityChanges);
        Assert.False(two.OwnerIgnoresAdvertisements);
    }

    [Fact]
    public void Bind_TrackProcessQuotedParameter_KeepsItsSpaces()
    {
        var options = VrrpOptionsBinder.Bind(ConfigTestHelpers.Load("""
            vrrp_track_process nginx {
                process "/usr/sbin/nginx" -g "daemon off;"
                param_match partial
            }
            """).Model);

        var p = options.TrackProcesses["nginx"];
        Assert.Equal("/usr/sbin/nginx", p.Process);
        Assert.Equal(["-g", "daemon off;"], p.Parameters);
        Assert.Equal(ProcessParameterMatch.Partial, p.ParameterMatch);
    }
}
