using System.Globalization;
using System.Text;

namespace Rhythm.Host.Control;

/// <summary>What a control call asks for.</summary>
internal enum ControlAction
{
    Status,
    Trigger,
    Pause,
    Resume,
}

/// <summary>The control endpoint's routes: <c>GET /status</c>, <c>POST /groups/NAME/trigger|pause|resume</c>, <c>POST /pause-all</c>, <c>POST /resume-all</c>.</summary>
/// <param name="Verb">The call, or <see langword="null"/> when the method and path name none.</param>
/// <param name="Group">The group named in the path; <see langword="null"/> for the calls on every group.</param>
/// <param name="PathKnown">Whether the path is a route, whatever the method: a known path with the wrong method is a 405.</param>
internal readonly record struct ControlRoute(ControlAction? Verb, string? Group, bool PathKnown)
{
    public static ControlRoute Match(string method, string path)
    {
        // Like ASP.NET Core routing: literal segments ignore case, one trailing slash is allowed, names are unescaped.
        var trimmed = path.Length > 1 && path.EndsWith('/') ? path[..^1] : path;
        var segments = trimmed.Split('/');
        var get = method == "GET";
        var post = method == "POST";
        if (segments is ["", var only])
        {
            if (Is(only, "status"))
            {
                return new(get ? ControlAction.Status : null, null, true);
            }

            if (Is(only, "pause-all") || Is(only, "resume-all"))
            {
                return new(post ? (Is(only, "pause-all") ? ControlAction.Pause : ControlAction.Resume) : null, null, true);
            }
        }

        if (segments is ["", var groups, var name, var action] && Is(groups, "groups") && name.Length > 0)
        {
            ControlAction? verb = Is(action, "trigger") ? ControlAction.Trigger
                : Is(action, "pause") ? ControlAction.Pause
                : Is(action, "resume") ? ControlAction.Resume
                : null;
            if (verb is not null)
            {
                return new(post ? verb : null, Uri.UnescapeDataString(name), true);
            }
        }

        return new(null, null, false);
    }

    private static bool Is(string segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One HTTP/1.1 request as the control endpoint reads it: request line, the headers it uses, and no body.</summary>
internal sealed class ControlRequest
{
    private readonly string _query;

    private ControlRequest(string method, string path, string query, string? hostName, string? authorization)
    {
        Method = method;
        Path = path;
        _query = query;
        HostName = hostName;
        Authorization = authorization;
    }

    public string Method { get; }

    /// <summary>The path, without the query string, as sent.</summary>
    public string Path { get; }

    /// <summary>The Host header without its port: <c>127.0.0.1</c>, <c>localhost</c>, <c>[::1]</c>.</summary>
    public string? HostName { get; }

    public string? Authorization { get; }

    /// <summary>The values of a query parameter, joined by commas as ASP.NET Core does; <see langword="null"/> when absent.</summary>
    public string? Query(string name)
    {
        var values = new List<string>();
        foreach (var pair in _query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')));
            }
        }

        return values.Count == 0 ? null : string.Join(',', values);
    }

    /// <summary>
    /// Reads one request, and the body it announces (which is discarded: closing with unread bytes would reset the
    /// connection under the reply). Returns a problem reply for a request this endpoint cannot take, and neither when
    /// the client closed before sending a whole request.
    /// </summary>
    public static async Task<(ControlRequest? Request, ControlResponse? Problem)> ReadAsync(Stream stream, int maxHead, int maxBody, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxHead];
        var filled = 0;
        int end;
        while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                return (null, ControlResponse.Empty(431));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return (null, null);
            }

            filled += read;
        }

        var lines = Encoding.Latin1.GetString(buffer, 0, end).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal) || !target.StartsWith('/'))
        {
            return (null, ControlResponse.Empty(400));
        }

        string? host = null;
        string? authorization = null;
        long length = 0;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (null, ControlResponse.Empty(400));
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out length))
                {
                    return (null, ControlResponse.Empty(400));
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // No call here has a body; a chunked one would have to be read to the end before the reply.
                return (null, ControlResponse.Empty(411));
            }
        }

        if (length > maxBody)
        {
            return (null, ControlResponse.Empty(413));
        }

        var unread = length - (filled - end - 4);
        var sink = new byte[1024];
        while (unread > 0)
        {
            var read = await stream.ReadAsync(sink.AsMemory(0, (int)Math.Min(unread, sink.Length)), cancellationToken);
            if (read == 0)
            {
                return (null, null);
            }

            unread -= read;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];
        return (new ControlRequest(method, path, query, host is null ? null : HostWithoutPort(host), authorization), null);
    }

    private static string HostWithoutPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}

/// <summary>A reply: status, optional JSON body, and one connection per request.</summary>
internal sealed class ControlResponse(int status, string? json, string? header)
{
    public static ControlResponse Empty(int status) => new(status, null, null);

    public static ControlResponse Json(int status, string json, string? header = null) => new(status, json, header);

    public byte[] Encode()
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append(json is null ? string.Empty : "Content-Type: application/json; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append(header is null ? string.Empty : $"{header}\r\n")
            .Append("Connection: close\r\n\r\n")
            .ToString();
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
