namespace LvsDirector.Checkers.Configuration;

/// <summary><c>SMTP_CHECK</c>: 220 greeting, HELO → 250, QUIT → 221.</summary>
public sealed record SmtpCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Smtp;

    /// <summary><c>helo_name</c>; default the local host name.</summary>
    public string? HeloName { get; init; }

    /// <summary>The old <c>host { }</c> form: several targets, all of which must pass. Empty: the checker's own target.</summary>
    public EquatableList<SmtpHostOptions> Hosts { get; init; } = EquatableList<SmtpHostOptions>.Empty;
}
