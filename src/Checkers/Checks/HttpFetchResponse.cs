using System.Security.Cryptography.X509Certificates;
using LvsDirector.Checkers.Codecs;

namespace LvsDirector.Checkers.Checks;

/// <summary>A response read to its end: head, decoded body, the raw head bytes, and the server certificate for TLS.</summary>
internal sealed record HttpFetchResponse(HttpResponseHead Head, string RawHead, byte[] Body, X509Certificate2? ServerCertificate);
