using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rhythm.Control;
using Rhythm.Host.Cli;

namespace Rhythm.Host.Control;

/// <summary>
/// The host's control endpoint: HTTP on 127.0.0.1 at a port the OS picks, announced beside jobs.json. Reading the
/// status is open to any local caller; every call that changes something needs the bearer token.
/// </summary>
/// <remarks>
/// <para>
/// Loopback HTTP works the same on Linux, macOS and Windows, and curl or PowerShell can call it as well as the CLI. The
/// token is what keeps other local users out: it is random per start and readable only by the host's user.
/// </para>
/// <para>
/// A request whose Host header is not a loopback name is refused, so a web page that rebinds its own DNS name to
/// 127.0.0.1 cannot read the status; and a browser cannot send the Authorization header across origins without a
/// preflight this endpoint never answers.
/// </para>
/// <para>
/// The endpoint answers a handful of calls a day, one request per connection. It is a small HTTP/1.1 server on a
/// socket rather than Kestrel: Kestrel and ASP.NET Core cost an idle host about 6 MB of memory, a timer that wakes it
/// every second, and a quarter of a second of CPU at every start, for features this endpoint never uses.
/// </para>
/// </remarks>
internal sealed class ControlServer(IRhythmControl control, IOptions<RhythmOptions> options, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    // The request line and headers, and the body: these calls carry none, and the limits keep a stray client small.
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxBodyBytes = 16 * 1024;

    // A client that connects and then says nothing must not hold its connection for ever.
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = loggers.CreateLogger("Rhythm.Control");
    private readonly CancellationTokenSource _stopping = new();

    // Cancelled at stop: a connection still waiting for its request is closed then, as Kestrel closes idle ones.
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private Socket? _listener;
    private Task? _accepting;
    private byte[] _token = [];
    private string _jobsPath = string.Empty;
    private string _tokenPath = string.Empty;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _jobsPath = Path.GetFullPath(options.Value.JobsFile);
        _tokenPath = ControlFiles.TokenPath(_jobsPath);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _token = Encoding.ASCII.GetBytes(token);
        try
        {
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(16);
            var port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
            var url = $"http://127.0.0.1:{port}";

            // The token first: a client that sees the announcement must find the token it names.
            ControlFiles.WriteToken(_tokenPath, token);
            var announcementPath = ControlFiles.AnnouncementPath(_jobsPath);
            var announcement = new ControlAnnouncement(Environment.ProcessId, url, port, time.GetUtcNow(), _jobsPath, control.GetStatus().Store, _tokenPath);
            ControlFiles.WriteAnnouncement(announcementPath, announcement);
            _accepting = AcceptAsync(_listener);
            _logger.Listening(url, announcementPath, _tokenPath);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The schedule matters more than remote control of it: a host that cannot listen or write beside its
            // jobs.json still runs, and says so.
            _logger.StartFailed(exception);
            _listener?.Dispose();
            _listener = null;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host stopped while it was still starting stops services that never started.
        if (_jobsPath.Length == 0)
        {
            return;
        }

        try
        {
            ControlFiles.RemoveIfOwn(_jobsPath, Environment.ProcessId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stale announcement names a pid that is gone, and the CLI treats it as no host.
        }

        // No new connections; the requests already in hand finish, as long as the host's stop allows.
        _listener?.Dispose();
        await _closing.CancelAsync();
        if (_accepting is not null)
        {
            await _accepting.WaitAsync(cancellationToken);
        }

        await Task.WhenAll(_connections.Keys).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        _stopping.Dispose();
        _closing.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or OperationCanceledException
                or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed before it was accepted (reset by its client, say) is that client's problem.
                continue;
            }

            var serving = ServeAsync(connection);
            _connections.TryAdd(serving, true);
            _ = serving.ContinueWith(done => _connections.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        await Task.Yield();
        using (connection)
        {
            try
            {
                var remote = connection.RemoteEndPoint is IPEndPoint endPoint ? $"{endPoint.Address}:{endPoint.Port}" : "unknown";
                using var stream = new NetworkStream(connection, ownsSocket: false);
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                reading.CancelAfter(ReadLimit);
                var (request, reply) = await ControlRequest.ReadAsync(stream, MaxHeadBytes, MaxBodyBytes, reading.Token);
                if (request is not null)
                {
                    reply = await AnswerOrFailAsync(request, remote);
                }

                if (reply is not null)
                {
                    await stream.WriteAsync(reply.Encode(), _stopping.Token);
                    connection.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or said nothing in time, or the host is stopping: there is no one to answer.
            }
        }
    }

    private async Task<ControlResponse> AnswerOrFailAsync(ControlRequest request, string remote)
    {
        try
        {
            return await AnswerAsync(request, remote);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The store failing under a pause, say: the caller hears why, and so does the log.
            Fail(request, remote, exception.Message);
            return ControlResponse.Json(500, Reply(ControlReply.Error(exception.Message)));
        }
    }

    private async Task<ControlResponse> AnswerAsync(ControlRequest request, string remote)
    {
        if (request.HostName is not ("127.0.0.1" or "localhost" or "[::1]"))
        {
            Refuse(request, remote, "its Host header is not a loopback name");
            return ControlResponse.Empty(421);
        }

        var route = ControlRoute.Match(request.Method, request.Path);
        if (route.Verb is null)
        {
            return ControlResponse.Empty(route.PathKnown ? 405 : 404);
        }

        if (route.Verb is ControlAction.Status)
        {
            return ControlResponse.Json(200, JsonSerializer.Serialize(control.GetStatus(), JsonOutput.Options));
        }

        if (Unauthorized(request, remote) is { } refusal)
        {
            return refusal;
        }

        var cancellationToken = _stopping.Token;
        var name = route.Group;
        return await ActAsync(request, remote, route.Verb switch
        {
            ControlAction.Trigger => async () =>
            {
                var force = request.Query("force") is "true" or "1";
                await control.TriggerAsync(name!, force, cancellationToken);
                return new ControlReply(true, force
                    ? $"group '{name}' started now, without waiting for its dependencies (--force)"
                    : $"group '{name}' triggered: it runs now if its dependencies are met, and otherwise waits for them (--force skips them)", [name!]);
            }
            ,
            ControlAction.Pause => async () => Paused(await control.PauseAsync(name, cancellationToken)),
            _ => async () => Resumed(await control.ResumeAsync(name, cancellationToken)),
        });
    }

    private static ControlReply Paused(IReadOnlyList<string> groups)
        => new(true, $"paused {Names(groups)}; a paused group stays paused across restarts until it is resumed", groups);

    private static ControlReply Resumed(IReadOnlyList<string> groups)
        => new(true, $"resumed {Names(groups)}; a group whose time passed while paused runs once now", groups);

    private static string Names(IReadOnlyList<string> groups)
        => groups.Count == 0 ? "no groups (none is enabled)" : string.Join(", ", groups.Select(g => $"'{g}'"));

    private ControlResponse? Unauthorized(ControlRequest request, string remote)
    {
        var header = request.Authorization ?? string.Empty;
        const string Scheme = "Bearer ";
        string? reason = null;
        if (header.Length == 0)
        {
            reason = "no token";
        }
        else if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(header[Scheme.Length..].Trim()), _token))
        {
            reason = "wrong token";
        }

        if (reason is null)
        {
            return null;
        }

        Refuse(request, remote, reason);
        return ControlResponse.Json(
            401,
            Reply(ControlReply.Error($"unauthorized ({reason}): send 'Authorization: Bearer TOKEN' with the token in {_tokenPath}")),
            "WWW-Authenticate: Bearer");
    }

    private async Task<ControlResponse> ActAsync(ControlRequest request, string remote, Func<Task<ControlReply>> action)
    {
        try
        {
            var reply = await action();
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.Done(remote, reply.Message);
            }

            return ControlResponse.Json(200, Reply(reply));
        }
        catch (ArgumentException exception)
        {
            Fail(request, remote, Text(exception));
            return ControlResponse.Json(404, Reply(ControlReply.Error(Text(exception))));
        }
        catch (InvalidOperationException exception)
        {
            Fail(request, remote, exception.Message);
            return ControlResponse.Json(503, Reply(ControlReply.Error(exception.Message)));
        }
    }

    private static string Reply(ControlReply reply) => JsonSerializer.Serialize(reply, JsonOutput.Options);

    private void Refuse(ControlRequest request, string remote, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            _logger.Refused(request.Method, request.Path, remote, reason);
        }
    }

    private void Fail(ControlRequest request, string remote, string message)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            _logger.Failed(request.Method, request.Path, remote, message);
        }
    }

    /// <summary>The engine's message without .NET's " (Parameter 'group')" tail, which means nothing to an operator.</summary>
    private static string Text(ArgumentException exception)
        => exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
}
