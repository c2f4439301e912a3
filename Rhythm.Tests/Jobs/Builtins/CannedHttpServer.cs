using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 that answers from a table of canned responses: /ok (200), /created (201),
/// /down (503), /slow (200 after <see cref="SlowDelay"/>) and /hang (never answers).
/// </summary>
internal sealed class CannedHttpServer : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(700);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public CannedHttpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}");

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                }

                Interlocked.Increment(ref _requests);
                var path = requestLine.Split(' ') is [_, var target, ..] ? target : "/";
                var (status, reason, body) = path switch
                {
                    "/ok" => (200, "OK", "fine"),
                    "/created" => (201, "Created", "made"),
                    "/down" => (503, "Service Unavailable", "down for maintenance"),
                    "/slow" => (200, "OK", "late but fine"),
                    "/hang" => (0, "", ""),
                    _ => (404, "Not Found", "no such page"),
                };
                if (path == "/slow")
                {
                    await Task.Delay(SlowDelay, _stop.Token);
                }
                else if (status == 0)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                var response = string.Create(CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The test is over, or the client gave up.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
