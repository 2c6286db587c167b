using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// A private nginx on loopback that requires a client certificate (<c>ssl_verify_client on</c>) issued by its
/// own test CA; certificates made with openssl: a client certificate with a plain key, the same key encrypted
/// with <see cref="Password"/>, and a client certificate from another CA. <c>/dn</c> answers the client's subject.
/// </summary>
public sealed class MutualTlsNginxFixture : IAsyncLifetime
{
    public const string Password = "lvsd-secret";
    public const string ClientName = "lvsd-client";

    private readonly TempDirectory _dir = new("lvsc-mtls");
    private ServerProcess? _nginx;

    public int Port { get; } = Ports.FreeTcp();
    public string CaFile => _dir.File("ca.pem");
    public string ClientCertificateFile => _dir.File("client.pem");
    public string ClientKeyFile => _dir.File("client.key");
    public string EncryptedClientKeyFile => _dir.File("client-encrypted.key");
    public string ForeignCertificateFile => _dir.File("foreign.pem");
    public string ForeignKeyFile => _dir.File("foreign.key");

    public async Task InitializeAsync()
    {
        var nginx = Prerequisites.RequireCommand("nginx", "nginx");
        var openssl = Prerequisites.RequireCommand("openssl", "openssl");
        await SelfSignedAsync(openssl, "ca.key", "ca.pem", "lvsd-test-ca");
        await SelfSignedAsync(openssl, "foreign-ca.key", "foreign-ca.pem", "lvsd-foreign-ca");
        await SelfSignedAsync(openssl, "server.key", "server.pem", "mtls.example");
        await IssueAsync(openssl, "ca", "client", ClientName);
        await IssueAsync(openssl, "foreign-ca", "foreign", "lvsd-stranger");
        await Shell.RunAsync(openssl, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", ClientKeyFile, "-out", EncryptedClientKeyFile, "-passout", "pass:" + Password);
        var d = _dir.Path;
        Directory.CreateDirectory(_dir.File("tmp"));
        await File.WriteAllTextAsync(_dir.File("nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            user root;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{d}}/tmp;
                proxy_temp_path {{d}}/tmp;
                fastcgi_temp_path {{d}}/tmp;
                uwsgi_temp_path {{d}}/tmp;
                scgi_temp_path {{d}}/tmp;
                default_type text/plain;
                server {
                    listen 127.0.0.1:{{Port}} ssl;
                    ssl_certificate {{d}}/server.pem;
                    ssl_certificate_key {{d}}/server.key;
                    ssl_verify_client on;
                    ssl_client_certificate {{d}}/ca.pem;
                    location = /dn { return 200 "dn=$ssl_client_s_dn"; }
                }
            }
            """);
        _nginx = ServerProcess.Start(nginx, "-e", _dir.File("error.log"), "-p", d, "-c", _dir.File("nginx.conf"));
        await _nginx.WaitForTcpAsync(Port, "nginx");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        _dir.Dispose();
    }

    private Task SelfSignedAsync(string openssl, string key, string cert, string name) =>
        Shell.RunAsync(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", _dir.File(key), "-out", _dir.File(cert),
            "-days", "2", "-subj", "/CN=" + name);

    // A client certificate for CN=name, signed by the CA files <ca>.pem / <ca>.key, as <name>.pem / <name>.key.
    private async Task IssueAsync(string openssl, string ca, string file, string name)
    {
        await Shell.RunAsync(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", _dir.File(file + ".key"), "-out", _dir.File(file + ".csr"),
            "-subj", "/CN=" + name);
        await File.WriteAllTextAsync(_dir.File(file + ".ext"), "extendedKeyUsage=clientAuth\n");
        await Shell.RunAsync(openssl, "x509", "-req", "-in", _dir.File(file + ".csr"), "-CA", _dir.File(ca + ".pem"), "-CAkey", _dir.File(ca + ".key"),
            "-CAcreateserial", "-days", "2", "-extfile", _dir.File(file + ".ext"), "-out", _dir.File(file + ".pem"));
    }
}
