using System.Security.Cryptography;
using LvsDirector.Checkers.Configuration;
using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// A private nginx on loopback: HTTP and HTTPS (self-signed certificate for test.example made with openssl),
/// its own config, pid file and logs; started once per test class and killed by pid.
/// </summary>
public sealed class NginxFixture : IAsyncLifetime
{
    public const string Body = "hello from nginx\n";
    public const string ServerName = "test.example";

    private readonly TempDirectory _dir = new("lvsc-nginx");
    private ServerProcess? _nginx;

    public int HttpPort { get; } = Ports.FreeTcp();
    public int HttpsPort { get; } = Ports.FreeTcp();
    public string CertificateFile => _dir.File("cert.pem");
    public string OtherCaFile => _dir.File("other-ca.pem");
    public string BodyDigest { get; } = Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.ASCII.GetBytes(Body)));
    public string NginxPath { get; private set; } = "";

    /// <summary>The directory both servers serve (a test may add and remove files of its own there).</summary>
    public string WebRoot => _dir.File("www");

    public async Task InitializeAsync()
    {
        NginxPath = Prerequisites.RequireCommand("nginx", "nginx");
        var openssl = Prerequisites.RequireCommand("openssl", "openssl");
        await MakeCertificateAsync(openssl, "key.pem", "cert.pem", ServerName);
        await MakeCertificateAsync(openssl, "other-key.pem", "other-ca.pem", "other.example");
        var www = Directory.CreateDirectory(_dir.File("www")).FullName;
        Directory.CreateDirectory(_dir.File("tmp"));
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), Body);
        await File.WriteAllBytesAsync(Path.Combine(www, "big.bin"), new byte[20_000]);
        var d = _dir.Path;
        await File.WriteAllTextAsync(_dir.File("nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            user root;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log;
            events { worker_connections 128; }
            http {
                access_log off;
                client_body_temp_path {{d}}/tmp;
                proxy_temp_path {{d}}/tmp;
                fastcgi_temp_path {{d}}/tmp;
                uwsgi_temp_path {{d}}/tmp;
                scgi_temp_path {{d}}/tmp;
                default_type text/plain;
                server {
                    listen 127.0.0.1:{{HttpPort}};
                    root {{www}};
                    location /slow/ { alias {{www}}/; limit_rate 200; }
                    location = /status500 { return 500 "boom"; }
                    location = /host { return 200 "host=$http_host"; }
                }
                server {
                    listen 127.0.0.1:{{HttpsPort}} ssl;
                    ssl_certificate {{d}}/cert.pem;
                    ssl_certificate_key {{d}}/key.pem;
                    root {{www}};
                    location = /sni { return 200 "sni=$ssl_server_name"; }
                    location /slow/ { alias {{www}}/; limit_rate 200; }
                }
            }
            """);
        _nginx = ServerProcess.Start(NginxPath, "-e", _dir.File("error.log"), "-p", d, "-c", _dir.File("nginx.conf"));
        await _nginx.WaitForTcpAsync(HttpPort, "nginx");
        await _nginx.WaitForTcpAsync(HttpsPort, "nginx");
    }

    /// <summary>
    /// A health page that flaps: <paramref name="check"/> (of /<paramref name="page"/>) passes while the page is served,
    /// fails with a 404 once it is removed, and passes again when it is back.
    /// </summary>
    public async Task AssertHealthPageFlapsAsync(string page, HttpGetCheckOptions check)
    {
        var path = Path.Combine(WebRoot, page);
        try
        {
            await File.WriteAllTextAsync(path, Body);
            var up = await ProbeRunner.ProbeOnceAsync(check);
            File.Delete(path);
            var down = await ProbeRunner.ProbeOnceAsync(check);
            await File.WriteAllTextAsync(path, Body);
            var back = await ProbeRunner.ProbeOnceAsync(check);

            Assert.True(up.Success, up.Reason);
            ProbeRunner.AssertFails(down, "HTTP status code 404");
            Assert.True(back.Success, back.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        _dir.Dispose();
    }

    private async Task MakeCertificateAsync(string openssl, string key, string cert, string name)
    {
        await Shell.RunAsync(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", _dir.File(key), "-out", _dir.File(cert),
            "-days", "2", "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name);
    }
}
