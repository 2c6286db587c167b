using System.Runtime.ExceptionServices;

namespace LvsDirector.Config;

/// <summary>
/// Runs a loop body over 0..count-1 on the calling thread and up to one pool task per other processor,
/// indices handed out in order. Parallel.For does the same, but its first use initialises TPL's event source
/// by reflection, a cost a one-shot <c>-t</c> run notices (issue 2: load time). The body must only read shared
/// state and write its own slot; the first exception is rethrown as the body threw it.
/// </summary>
internal static class ParallelLoop
{
    public static void For(int count, Action<int> body)
    {
        var next = -1;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < count && Volatile.Read(ref failure) is null; i = Interlocked.Increment(ref next))
                    body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        var helpers = new Task[Math.Clamp(Math.Min(Environment.ProcessorCount, count) - 1, 0, 15)];
        for (var h = 0; h < helpers.Length; h++) helpers[h] = Task.Run(Work);
        Work();
        Task.WaitAll(helpers);
        failure?.Throw();
    }
}
