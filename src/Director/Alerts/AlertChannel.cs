using System.Threading.Channels;

namespace LvsDirector.Alerts;

/// <summary>
/// Where alerts wait for their delivery (<c>smtp_alert</c>): bounded, so a mail relay that is down or slow can
/// never hold up the checkers or grow the director's memory; past <see cref="Capacity"/> the oldest alert is
/// dropped and counted.
/// </summary>
internal sealed class AlertChannel
{
    public const int Capacity = 256;

    private readonly Channel<AlertMessage> _channel;
    private long _dropped;

    public AlertChannel()
    {
        _channel = Channel.CreateBounded<AlertMessage>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<AlertMessage> Reader => _channel.Reader;

    /// <summary>Alerts dropped because the channel was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(AlertMessage alert) => _channel.Writer.TryWrite(alert);

    public void Complete() => _channel.Writer.TryComplete();
}
