using System.Collections.Concurrent;
using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Interop;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// A thread that has entered a named network namespace (/run/netns/NAME, as <c>ip netns</c> makes them;
/// keepalived's <c>net_namespace</c>). Sockets are bound to the namespace of the thread that creates
/// them, so every socket of a router in a namespace is created through <see cref="Run{T}"/>; once
/// created they work from any thread. A network namespace is a per-thread attribute (setns(2)), which
/// is why one process can run routers in several namespaces.
/// </summary>
internal sealed class NetworkNamespaceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NetworkNamespaceThread(string name)
    {
        Name = name;
        _thread = new Thread(Loop) { IsBackground = true, Name = "netns-" + name };
        _thread.Start();
        _entered.Task.GetAwaiter().GetResult();
    }

    public string Name { get; }

    /// <summary>Runs <paramref name="action"/> on the namespace thread and returns its result (exceptions are rethrown here).</summary>
    public T Run<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join();
        _work.Dispose();
    }

    private void Loop()
    {
        try
        {
            var path = Path.Combine("/run/netns", Name);
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            if (VrrpLibc.SetNs((int)handle.DangerousGetHandle(), VrrpLibc.CloneNewNet) != 0)
                throw new ErrnoException(Libc.LastErrno, $"setns({path})");
            _entered.SetResult();
        }
        catch (Exception ex)
        {
            _entered.SetException(ex);
            return;
        }
        foreach (var action in _work.GetConsumingEnumerable()) action();
    }
}
