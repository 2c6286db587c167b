namespace LvsDirector.Vrrp.Scripts;

/// <summary>A started script: the leader of its own process group.</summary>
internal interface IScriptProcess : IDisposable
{
    int Id { get; }

    /// <summary>Completes with the exit status (128 + signal when killed).</summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to the whole process group.</summary>
    void SignalGroup(int signal);
}
