namespace LvsDirector.Checkers.Configuration;

/// <summary><c>TCP_CHECK</c>: connect only.</summary>
public sealed record TcpCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Tcp;
}
