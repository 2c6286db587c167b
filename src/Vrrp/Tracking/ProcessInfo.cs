namespace LvsDirector.Vrrp.Tracking;

/// <summary>One running process as /proc shows it: comm and the argv of cmdline (and its pid; 0 when unknown).</summary>
internal sealed record ProcessInfo(string Comm, IReadOnlyList<string> Arguments, int Pid = 0);
