namespace LvsDirector.Checkers.Configuration;

/// <summary><c>HTTP_GET</c> and, with <see cref="Tls"/>, <c>SSL_GET</c>.</summary>
public sealed record HttpGetCheckOptions : CheckOptions
{
    public override CheckKind Kind => Tls ? CheckKind.SslGet : CheckKind.HttpGet;

    /// <summary>SSL_GET: the request goes over TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>The <c>url { }</c> blocks, checked back to back in order; all must pass.</summary>
    public EquatableList<HttpUrlOptions> Urls { get; init; } = EquatableList<HttpUrlOptions>.Empty;

    /// <summary><c>virtualhost</c>: the Host header; default the real server's, then the virtual server's, then the target address.</summary>
    public string? VirtualHost { get; init; }

    /// <summary><c>http_protocol</c>.</summary>
    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary><c>enable_sni</c> (SSL_GET): send SNI.</summary>
    public bool EnableSni { get; init; }

    /// <summary><c>sni_name</c> (SSL_GET): the SNI name; default the virtual host.</summary>
    public string? SniName { get; init; }

    /// <summary><c>fast_recovery</c>: every probe checks all URLs back to back, so this is always the behaviour; kept for fidelity.</summary>
    public bool FastRecovery { get; init; }

    /// <summary><c>tls_compliant</c> (SSL_GET): send close_notify before closing.</summary>
    public bool TlsCompliant { get; init; }

    /// <summary>
    /// Extension (<c>verify_certificate</c>): verify the server certificate chain (and the SNI/virtual host name
    /// when one is set). keepalived's SSL_GET never verifies.
    /// </summary>
    public bool VerifyCertificate { get; init; }

    /// <summary>Extension (<c>ca_file</c>): PEM file of trusted roots used instead of the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Extension (<c>cert_expiry_warning</c>): warn when the server certificate expires within this.</summary>
    public TimeSpan? CertificateExpiryWarning { get; init; }

    /// <summary>
    /// keepalived's global <c>SSL { certificate }</c> (SSL_GET): PEM file of the client certificate presented when
    /// the server asks for one (its chain may follow it in the file).
    /// </summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>keepalived's global <c>SSL { key }</c>: PEM file of the client certificate's private key; default the certificate file.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>keepalived's global <c>SSL { password }</c>: passphrase of an encrypted private key.</summary>
    public string? ClientKeyPassword { get; init; }
}
