using System.Security.Cryptography.X509Certificates;
using LvsDirector.Checkers.Codecs;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// A response read to its end: head, decoded body, the raw head, and the server certificate for TLS. Body and raw head are
/// empty when the request did not keep the content (<see cref="HttpFetchRequest.KeepContent"/>).
/// </summary>
internal sealed record HttpFetchResponse(HttpResponseHead Head, string RawHead, byte[] Body, X509Certificate2? ServerCertificate);
