using System.Security.Cryptography.X509Certificates;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Checks;

/// <summary>One GET as HTTP_GET / SSL_GET / genhash send it.</summary>
internal sealed record HttpFetchRequest(
    CheckEndpoint Endpoint,
    string Path,
    string? VirtualHost,
    HttpProtocolVersion Protocol,
    TimeSpan ConnectTimeout,
    bool Tls = false,
    string? SniName = null,
    bool TlsCompliant = false,
    bool VerifyCertificate = false,
    string? CaFile = null,
    X509Certificate2? ClientCertificate = null,
    bool KeepContent = true);
