using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsDirector.Checkers.Checks;

/// <summary>Reads SSL_GET's client certificate (keepalived's global <c>SSL { certificate key password }</c>) from PEM files.</summary>
internal static class ClientCertificateLoader
{
    /// <summary>The certificate with its private key; throws <see cref="HttpFetchException"/> saying which file and why.</summary>
    public static X509Certificate2 Load(string certificateFile, string? keyFile, string? password)
    {
        try
        {
            return string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new HttpFetchException($"cannot load the SSL client certificate {certificateFile} (key {keyFile ?? certificateFile}): {e.Message}");
        }
    }
}
