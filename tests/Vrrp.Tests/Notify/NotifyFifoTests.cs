using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Notify;
using LvsDirector.Vrrp.Scripts;
using LvsDirector.Vrrp.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Notify;

/// <summary>notify_fifo on a real FIFO, read by its notify_fifo_script (started with the FIFO path as last argument).</summary>
[Trait("Category", "Integration")]
public sealed class NotifyFifoTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lvsv-fifo-");

    [Fact]
    public async Task NotifyFifo_Events_LinesInOrderReachTheReaderScript()
    {
        var fifo = Path.Combine(_dir.FullName, "notify.fifo");
        var output = Path.Combine(_dir.FullName, "lines");
        var dispatcher = new NotifyDispatcher(new ProcessScriptLauncher(), TimeProvider.System, NullLoggerFactory.Instance);
        try
        {
            dispatcher.Configure(new VrrpOptions
            {
                NotifyFifos = new[]
                {
                    new VrrpNotifyFifoOptions
                    {
                        Path = fifo,
                        Script = new VrrpScriptCommand { Arguments = new[] { "/bin/sh", "-c", $"exec cat \"$1\" >> {output}", "reader" } },
                    },
                },
            });

            dispatcher.Instance("VI_1", "BACKUP", 100);
            dispatcher.Instance("VI_1", "MASTER", 102);
            dispatcher.Group("G1", "MASTER");

            await Eventually.True(() => File.Exists(output) && File.ReadAllLines(output).Length == 3, "three FIFO lines");
            Assert.Equal(["INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 102", "GROUP \"G1\" MASTER 0"], File.ReadAllLines(output));
        }
        finally
        {
            await dispatcher.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
