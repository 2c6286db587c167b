namespace LvsDirector.Vrrp.Tracking;

/// <summary>One running process as /proc shows it: comm and the argv of cmdline.</summary>
internal sealed record ProcessInfo(string Comm, IReadOnlyList<string> Arguments);
