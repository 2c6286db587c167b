using System.Diagnostics;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Scripts;

/// <summary>
/// Starts scripts as keepalived does, without a shell, each in a new session (setsid) so the
/// whole process group can be killed on timeout, and as another user through runuser when we are
/// root and a user is configured.
/// </summary>
internal sealed class ProcessScriptLauncher : IScriptLauncher
{
    private const string Setsid = "/usr/bin/setsid";
    private const string Runuser = "/usr/sbin/runuser";

    public IScriptProcess Start(ScriptLaunch launch)
    {
        var info = new ProcessStartInfo(Setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        if (launch.User is { } user && Environment.UserName != user && Environment.IsPrivilegedProcess)
        {
            info.ArgumentList.Add(Runuser);
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(user);
            if (launch.Group is { } group)
            {
                info.ArgumentList.Add("-g");
                info.ArgumentList.Add(group);
            }
            info.ArgumentList.Add("--");
        }
        foreach (var arg in launch.Arguments) info.ArgumentList.Add(arg);
        foreach (var (key, value) in launch.Environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("the process did not start");
        process.StandardInput.Close();
        return new ScriptProcess(process);
    }

    private sealed class ScriptProcess(Process process) : IScriptProcess
    {
        public int Id { get; } = process.Id;

        public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }

        // setsid made the script the leader of a new session and process group: -pid is the group.
        public void SignalGroup(int signal) => ScriptLibc.Kill(-Id, signal);

        public void Dispose() => process.Dispose();
    }
}
