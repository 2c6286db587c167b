namespace LvsDirector.Checkers.Checks;

/// <summary>The server answered something that is not an acceptable HTTP response (or the certificate was refused).</summary>
internal sealed class HttpFetchException(string message) : Exception(message);
