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
/// never runs far ahead of the model.
/// </summary>
internal sealed class BindingPipeline : IDisposable
{
    private const int QueueLength = 256;

    private readonly BlockingCollection<ConfigNode> _queue = new(QueueLength);
    private readonly CancellationTokenSource _failed = new();
    private readonly SectionSchema _schema;
    private readonly SchemaBinder _binder;
    private readonly Task _worker;

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
        try
        {
            _queue.Add(node, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            _worker.GetAwaiter().GetResult(); // the binder failed: its exception, not a cancellation
            throw;
        }
    }

    /// <summary>Waits for every queued statement to be bound, applies the root defaults and returns the model.</summary>
    public ConfigObject Complete()
    {
        _queue.CompleteAdding();
        _worker.GetAwaiter().GetResult();
        SchemaBinder.CompleteTopLevel(_schema, Model);
        return Model;
    }

    private void Run()
    {
        try
        {
            foreach (var node in _queue.GetConsumingEnumerable()) _binder.BindTopLevel(node, _schema, Model);
        }
        catch
        {
            _failed.Cancel();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        try
        {
            _worker.Wait();
        }
        catch (AggregateException)
        {
            // Reported by Complete or Post; Dispose only makes sure the thread has ended.
        }
        _queue.Dispose();
        _failed.Dispose();
    }
}
