using System.Collections.Concurrent;
using LvsDirector.Config.Model;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;

namespace LvsDirector.Config.Binding;

/// <summary>
/// Binds top-level statements on a thread of its own while the preprocessor and parser still read the rest
/// (issue 2: a large configuration loads in about the time of the slower of the two, not their sum).
/// Statements are bound in the order they were written; the binder's diagnostics are kept apart and appended
/// after the parser's, which is the order a parse-then-bind produces. The queue is bounded, so the syntax tree
/// never runs far ahead of the model. (Two semaphores rather than a BlockingCollection, whose consumer ends
/// by catching an OperationCanceledException: a cost a one-shot -t run notices.)
/// </summary>
internal sealed class BindingPipeline : IDisposable
{
    private const int QueueLength = 256;

    private readonly ConcurrentQueue<ConfigNode?> _queue = new(); // null: the end
    private readonly SemaphoreSlim _queued = new(0);
    private readonly SemaphoreSlim _free = new(QueueLength);
    private readonly SectionSchema _schema;
    private readonly SchemaBinder _binder;
    private readonly Task _worker;
    private volatile bool _failed;
    private bool _ended;

    public BindingPipeline(SectionSchema schema, int maxDiagnostics)
    {
        _schema = schema;
        Diagnostics = new ConfigDiagnostics(maxDiagnostics);
        _binder = new SchemaBinder(Diagnostics);
        _worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The binder's diagnostics, to be appended after the parser's once <see cref="Complete"/> returned.</summary>
    public ConfigDiagnostics Diagnostics { get; }

    public ConfigObject Model { get; } = new(SourceLocation.None);

    /// <summary>Queues a finished top-level statement (waits while the queue is full).</summary>
    public void Post(ConfigNode node)
    {
        _free.Wait();
        if (_failed) _worker.GetAwaiter().GetResult(); // the binder's exception
        _queue.Enqueue(node);
        _queued.Release();
    }

    /// <summary>Waits for every queued statement to be bound, applies the root defaults and returns the model.</summary>
    public ConfigObject Complete()
    {
        End();
        _worker.GetAwaiter().GetResult();
        SchemaBinder.CompleteTopLevel(_schema, Model);
        return Model;
    }

    private void End()
    {
        if (_ended) return;
        _ended = true;
        _queue.Enqueue(null);
        _queued.Release();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _queued.Wait();
                _queue.TryDequeue(out var node);
                if (node is null) return;
                _binder.BindTopLevel(node, _schema, Model);
                _free.Release();
            }
        }
        catch
        {
            _failed = true;
            _free.Release(QueueLength); // a producer waiting for room sees the failure
            throw;
        }
    }

    public void Dispose()
    {
        End();
        try
        {
            _worker.Wait();
        }
        catch (AggregateException)
        {
            // Reported by Complete or Post; Dispose only makes sure the thread has ended.
        }
        _queued.Dispose();
        _free.Dispose();
    }
}
