namespace LvsDirector.Checkers.Checks;

/// <summary>
/// What a probe's engine-path async method (<see cref="HttpFetcher.FetchOnEngineAsync{TResult, TCompletion}"/>,
/// <see cref="CheckSockets.ConnectAsync{TResult, TCompletion}"/>) ends with, computed inside that one method: its value
/// (a response, a connection) turned into the caller's result (the check's verdict), or an error turned into one. A probe
/// then suspends and resumes one state machine, not one for the fetch or connect and another for the check around it.
/// Implemented by structs, so the calls are direct and the completion lives in the state machine.
/// </summary>
internal interface IProbeCompletion<in TValue, TResult>
{
    /// <summary>The result for the method's value, which it hands over (a connection is the completion's to close).</summary>
    TResult Completed(TValue value);

    /// <summary>
    /// The result for a method that failed with <paramref name="error"/> (a step's <see cref="TimeoutException"/>, a socket
    /// error, a malformed response), or false to let the error propagate (a cancellation always should). May run in an
    /// exception filter, before the method's own cleanup: it must only read the error and the clock.
    /// </summary>
    bool TryFail(Exception error, out TResult result);
}
