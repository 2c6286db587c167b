using System.Threading.Channels;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Netlink;
using LvsDirector.Ipvs.Reconcile;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Ipvs;

/// <summary>
/// IPVS over generic netlink: resolves the "IPVS" family once, then one-line verbs over a
/// <see cref="NetlinkConnection"/> (sequence numbers, ACKs, dumps, batching). Open with <see cref="OpenAsync"/>
/// in the network namespace whose table you want.
/// </summary>
internal sealed partial class IpvsClient : IIpvsClient
{
    private readonly NetlinkConnection _connection;
    private readonly ushort _familyId;
    private readonly NetlinkAttributeWriter _writer = new(256);
    private readonly object _writerGate = new();
    private readonly ILogger _logger;
    // Reasons already warned about on this socket: one warning per reason, not one per dump.
    private readonly HashSet<string> _dropReasonsWarned = new(StringComparer.Ordinal);

    public IpvsClient(NetlinkConnection connection, ushort familyId, ILogger? logger = null)
    {
        _connection = connection;
        _familyId = familyId;
        _logger = logger ?? NullLogger.Instance;
    }

    public ushort FamilyId => _familyId;

    public long OperationCount => _connection.RequestCount;

    public NetlinkConnection Connection => _connection;

    /// <summary>
    /// Opens a generic netlink socket and resolves the IPVS family. Fails with ENOENT when the kernel has
    /// no IPVS (module not loaded, CONFIG_IP_VS off) and EPERM without CAP_NET_ADMIN (on first command).
    /// </summary>
    public static Task<IpvsClient> OpenAsync(CancellationToken cancellationToken) => OpenAsync(null, cancellationToken);

    /// <inheritdoc cref="OpenAsync(CancellationToken)"/>
    public static async Task<IpvsClient> OpenAsync(ILogger? logger, CancellationToken cancellationToken)
    {
        var connection = new NetlinkConnection(NetlinkSocket.Open(NetlinkProtocol.Generic));
        try
        {
            var family = await GenericNetlinkFamily.ResolveAsync(connection, IpvsAttribute.FamilyName, cancellationToken).ConfigureAwait(false);
            return new IpvsClient(connection, family.Id, logger);
        }
        catch (NetlinkException e) when (e.Errno == Errno.ENOENT)
        {
            connection.Dispose();
            throw new NetlinkException(Errno.ENOENT, "resolve generic netlink family IPVS (is the ip_vs module loaded? modprobe ip_vs)", e.KernelMessage, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        const string operation = "get IPVS info";
        var reply = await _connection.RequestAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.GetInfo)), operation, cancellationToken).ConfigureAwait(false);
        return IpvsMessageCodec.TryDecodeInfo(reply.Payload.Span, out var info) ? info! : throw Malformed(operation);
    }

    public Task<IReadOnlyList<IpvsServiceEntry>> GetServicesAsync(CancellationToken cancellationToken) =>
        DumpAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.GetService)), "get services",
            (NetlinkMessageView message, out IpvsServiceEntry entry, out string? reason) => IpvsMessageCodec.TryDecodeService(message.Payload, out entry!, out reason), cancellationToken);

    public async Task<IpvsServiceEntry?> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken)
    {
        var operation = $"get service {key}";
        try
        {
            var reply = await _connection.RequestAsync(Build(w => IpvsMessageCodec.WriteServiceKeyRequest(w, _familyId, IpvsCommand.GetService, key)), operation, cancellationToken).ConfigureAwait(false);
            return IpvsMessageCodec.TryDecodeService(reply.Payload.Span, out var entry) ? entry : throw Malformed(operation);
        }
        catch (NetlinkException e) when (e.Errno == Errno.ESRCH)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<IpvsDestinationEntry>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken) =>
        DumpDestinationsAsync(service, (NetlinkMessageView message, out IpvsDestinationEntry entry, out string? reason) =>
            IpvsMessageCodec.TryDecodeDestination(message.Payload, service.Family, out entry!, out reason), cancellationToken);

    public Task<IReadOnlyList<IpvsDestination>> GetDestinationSettingsAsync(IpvsServiceKey service, CancellationToken cancellationToken) =>
        DumpDestinationsAsync(service, (NetlinkMessageView message, out IpvsDestination destination, out string? reason) =>
            IpvsMessageCodec.TryDecodeDestinationSettings(message.Payload, service.Family, out destination!, out reason), cancellationToken);

    private Task<IReadOnlyList<T>> DumpDestinationsAsync<T>(IpvsServiceKey service, NetlinkMessageDecoder<T> decode, CancellationToken cancellationToken) =>
        DumpAsync(Build(w => IpvsMessageCodec.WriteGetDestinationsRequest(w, _familyId, service)), $"get dests of {service}", decode, cancellationToken);

    // A dump, each message decoded in the receive buffer. An entry we cannot decode (unknown family, truncated) is
    // skipped, never fatal, but not silently: one warning per dump says how many and why the first was.
    private async Task<IReadOnlyList<T>> DumpAsync<T>(byte[] request, string operation, NetlinkMessageDecoder<T> decode, CancellationToken cancellationToken)
    {
        var dump = await _connection.DumpAsync(request, operation, decode, cancellationToken).ConfigureAwait(false);
        if (dump.Skipped > 0)
        {
            var reason = dump.FirstSkipReason ?? "unknown";
            bool first;
            lock (_dropReasonsWarned) first = _dropReasonsWarned.Add(reason);
            if (first) Log.DumpEntriesDropped(_logger, operation, dump.Skipped, dump.Items.Count + dump.Skipped, reason);
            else Log.DumpEntriesDroppedAgain(_logger, operation, dump.Skipped, dump.Items.Count + dump.Skipped, reason);
        }
        return dump.Items;
    }

    public Task NewServiceAsync(IpvsService service, CancellationToken cancellationToken) => ExecuteAsync(IpvsChange.AddService(service), cancellationToken);

    public Task SetServiceAsync(IpvsService service, CancellationToken cancellationToken) => ExecuteAsync(IpvsChange.EditService(service), cancellationToken);

    public Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken) => ExecuteAsync(IpvsChange.DeleteService(key), cancellationToken);

    public Task NewDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken) =>
        ExecuteAsync(IpvsChange.AddDestination(service, destination), cancellationToken);

    public Task SetDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken) =>
        ExecuteAsync(IpvsChange.EditDestination(service, destination), cancellationToken);

    public Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken) =>
        ExecuteAsync(IpvsChange.DeleteDestination(service, destination), cancellationToken);

    public async Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken)
    {
        const string operation = "get timeouts";
        var reply = await _connection.RequestAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.GetConfig)), operation, cancellationToken).ConfigureAwait(false);
        return IpvsMessageCodec.TryDecodeTimeouts(reply.Payload.Span, out var timeouts) ? timeouts! : throw Malformed(operation);
    }

    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteSetConfigRequest(w, _familyId, timeouts)), $"set timeouts {timeouts}", cancellationToken);

    public Task<IReadOnlyList<IpvsSyncDaemon>> GetDaemonsAsync(CancellationToken cancellationToken) =>
        DumpAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.GetDaemon)), "get sync daemons",
            (NetlinkMessageView message, out IpvsSyncDaemon daemon, out string? reason) => IpvsMessageCodec.TryDecodeDaemon(message.Payload, out daemon!, out reason), cancellationToken);

    public Task NewDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteNewDaemonRequest(w, _familyId, daemon)), $"start {daemon}", cancellationToken);

    public Task DeleteDaemonAsync(IpvsSyncDaemonState state, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteDeleteDaemonRequest(w, _familyId, state)), $"stop sync daemon {state.ToString().ToLowerInvariant()}", cancellationToken);

    public Task ZeroAsync(IpvsServiceKey? service, CancellationToken cancellationToken) => service is { } key
        ? _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteServiceKeyRequest(w, _familyId, IpvsCommand.Zero, key)), $"zero counters of {key}", cancellationToken)
        : _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.Zero)), "zero all counters", cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Build(w => IpvsMessageCodec.WriteEmptyRequest(w, _familyId, IpvsCommand.Flush)), "flush IPVS table", cancellationToken);

    public async Task<IReadOnlyList<IpvsChangeFailure>> ApplyChangesAsync(IReadOnlyList<IpvsChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return Array.Empty<IpvsChangeFailure>();
        var operation = $"apply {changes.Count} IPVS changes";
        IReadOnlyList<NetlinkResult> results;
        if (changes.Count < PipelinedChanges)
        {
            var batch = Build(w =>
            {
                foreach (var change in changes) Encode(w, change);
            });
            results = await _connection.ExecuteBatchAsync(batch, operation, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            results = await ExecutePipelinedAsync(changes, operation, cancellationToken).ConfigureAwait(false);
        }
        if (results.Count != changes.Count) throw new InvalidOperationException($"{results.Count} results for {changes.Count} IPVS changes");
        var failures = new List<IpvsChangeFailure>();
        for (int i = 0; i < changes.Count; i++)
        {
            if (results[i].Succeeded) continue;
            var e = new NetlinkException(results[i].Error, changes[i].ToString(), results[i].KernelMessage);
            failures.Add(new IpvsChangeFailure(changes[i], ErrnoText.Name(results[i].Error), e.Message));
        }
        return failures;
    }

    /// <summary>From this many changes on (a first start, a large reload), encoding runs beside sending.</summary>
    internal const int PipelinedChanges = 2048;

    /// <summary>Chunks end below the datagram limit by more than any one IPVS request (a few hundred bytes).</summary>
    internal const int ChunkBytes = NetlinkConnection.MaxBatchBytes - 4096;

    // The changes are encoded on a pool thread, one datagram-sized chunk at a time, while the connection sends the
    // chunks before it (under emulation in the IPVS VM, encoding 100,000 destinations took a third of the programming
    // time before the first of them went out). A few chunks ahead at most.
    private async Task<IReadOnlyList<NetlinkResult>> ExecutePipelinedAsync(IReadOnlyList<IpvsChange> changes, string operation, CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => EncodeChunksAsync(changes, chunks.Writer, stop.Token), CancellationToken.None);
        try
        {
            return await _connection.ExecuteBatchAsync(chunks.Reader.ReadAllAsync(stop.Token), operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The exchange failed or ended: stop the encoder, and let its own failure (if any) surface through the reader.
            stop.Cancel();
            try { await producer.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
    }

    private async Task EncodeChunksAsync(IReadOnlyList<IpvsChange> changes, ChannelWriter<byte[]> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var writer = new NetlinkAttributeWriter(ChunkBytes + 4096);
            foreach (var change in changes)
            {
                Encode(writer, change);
                if (writer.Length < ChunkBytes) continue;
                await chunks.WriteAsync(writer.ToArray(), cancellationToken).ConfigureAwait(false);
                writer.Clear();
            }
            if (writer.Length > 0) await chunks.WriteAsync(writer.ToArray(), cancellationToken).ConfigureAwait(false);
            chunks.TryComplete();
        }
        catch (Exception e)
        {
            chunks.TryComplete(e);
            throw;
        }
    }

    private Task ExecuteAsync(IpvsChange change, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(Build(w => Encode(w, change)), change.ToString(), cancellationToken);

    private void Encode(NetlinkAttributeWriter writer, IpvsChange change)
    {
        switch (change.Kind)
        {
            case IpvsChangeKind.AddService:
                IpvsMessageCodec.WriteServiceRequest(writer, _familyId, IpvsCommand.NewService, change.Service!);
                break;
            case IpvsChangeKind.EditService:
                IpvsMessageCodec.WriteServiceRequest(writer, _familyId, IpvsCommand.SetService, change.Service!);
                break;
            case IpvsChangeKind.DeleteService:
                IpvsMessageCodec.WriteServiceKeyRequest(writer, _familyId, IpvsCommand.DeleteService, change.ServiceKey);
                break;
            case IpvsChangeKind.AddDestination:
                IpvsMessageCodec.WriteDestinationRequest(writer, _familyId, IpvsCommand.NewDestination, change.ServiceKey, change.Destination!);
                break;
            case IpvsChangeKind.EditDestination:
                IpvsMessageCodec.WriteDestinationRequest(writer, _familyId, IpvsCommand.SetDestination, change.ServiceKey, change.Destination!);
                break;
            case IpvsChangeKind.DeleteDestination:
                IpvsMessageCodec.WriteDeleteDestinationRequest(writer, _familyId, change.ServiceKey, change.Destination!);
                break;
        }
    }

    // The writer is reused; callers copy (NetlinkConnection copies the request before patching it).
    private byte[] Build(Action<NetlinkAttributeWriter> write)
    {
        lock (_writerGate)
        {
            _writer.Clear();
            write(_writer);
            return _writer.ToArray();
        }
    }

    private static NetlinkException Malformed(string operation) => new(Errno.EBADMSG, operation + " (malformed reply)");

    public void Dispose() => _connection.Dispose();
}
