using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
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
/// </remarks>
internal sealed class ControlServer(IRhythmControl control, IOptions<RhythmOptions> options, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("Rhythm.Control");
    private WebApplication? _app;
    private byte[] _token = [];
    private string _jobsPath = string.Empty;
    private string _tokenPath = string.Empty;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _jobsPath = Path.GetFullPath(options.Value.JobsFile);
        _tokenPath = ControlFiles.TokenPath(_jobsPath);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _token = Encoding.ASCII.GetBytes(token);
        try
        {
            _app = Build();
            await _app.StartAsync(cancellationToken);
            var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            var url = $"http://127.0.0.1:{address.Port}";

            // The token first: a client that sees the announcement must find the token it names.
            ControlFiles.WriteToken(_tokenPath, token);
            var announcementPath = ControlFiles.AnnouncementPath(_jobsPath);
            var announcement = new ControlAnnouncement(Environment.ProcessId, url, address.Port, time.GetUtcNow(), _jobsPath, control.GetStatus().Store, _tokenPath);
            ControlFiles.WriteAnnouncement(announcementPath, announcement);
            _logger.Listening(url, announcementPath, _tokenPath);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The schedule matters more than remote control of it: a host that cannot listen or write beside its
            // jobs.json still runs, and says so.
            _logger.StartFailed(exception);
            await DisposeAsync();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            ControlFiles.RemoveIfOwn(_jobsPath, Environment.ProcessId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stale announcement names a pid that is gone, and the CLI treats it as no host.
        }

        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var app = _app;
        _app = null;
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "rhythm-control" });

        // Kestrel's own warnings belong in the host's one log; its lifetime lines would repeat the host's.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);

        // The endpoint lives and dies with the host; it must not take Ctrl+C and SIGTERM for itself.
        builder.Services.AddSingleton<IHostLifetime, InnerLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
            kestrel.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            if (http.Request.Host.Host is "127.0.0.1" or "localhost" or "[::1]")
            {
                await next(http);
                return;
            }

            Refuse(http, "its Host header is not a loopback name");
            http.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        });

        app.MapGet("/status", () => Results.Json(control.GetStatus(), JsonOutput.Options));

        var mutating = app.MapGroup(string.Empty).AddEndpointFilter(RequireTokenAsync);
        mutating.MapPost("/groups/{name}/trigger", (string name, HttpContext http, CancellationToken cancellationToken) => ActAsync(http, async () =>
        {
            var force = http.Request.Query["force"] is { Count: > 0 } value && value.ToString() is "true" or "1";
            await control.TriggerAsync(name, force, cancellationToken);
            return new ControlReply(true, force
                ? $"group '{name}' started now, without waiting for its dependencies (--force)"
                : $"group '{name}' triggered: it runs now if its dependencies are met, and otherwise waits for them (--force skips them)", [name]);
        }));
        mutating.MapPost("/groups/{name}/pause", (string name, HttpContext http, CancellationToken cancellationToken) => ActAsync(http, async () =>
            Paused(await control.PauseAsync(name, cancellationToken))));
        mutating.MapPost("/groups/{name}/resume", (string name, HttpContext http, CancellationToken cancellationToken) => ActAsync(http, async () =>
            Resumed(await control.ResumeAsync(name, cancellationToken))));
        mutating.MapPost("/pause-all", (HttpContext http, CancellationToken cancellationToken) => ActAsync(http, async () =>
            Paused(await control.PauseAsync(null, cancellationToken))));
        mutating.MapPost("/resume-all", (HttpContext http, CancellationToken cancellationToken) => ActAsync(http, async () =>
            Resumed(await control.ResumeAsync(null, cancellationToken))));
        return app;
    }

    private static ControlReply Paused(IReadOnlyList<string> groups)
        => new(true, $"paused {Names(groups)}; a paused group stays paused across restarts until it is resumed", groups);

    private static ControlReply Resumed(IReadOnlyList<string> groups)
        => new(true, $"resumed {Names(groups)}; a group whose time passed while paused runs once now", groups);

    private static string Names(IReadOnlyList<string> groups)
        => groups.Count == 0 ? "no groups (none is enabled)" : string.Join(", ", groups.Select(g => $"'{g}'"));

    private async ValueTask<object?> RequireTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
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
            return await next(context);
        }

        Refuse(http, reason);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(
            ControlReply.Error($"unauthorized ({reason}): send 'Authorization: Bearer TOKEN' with the token in {_tokenPath}"),
            JsonOutput.Options,
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private async Task<IResult> ActAsync(HttpContext http, Func<Task<ControlReply>> action)
    {
        try
        {
            var reply = await action();
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.Done(Remote(http), reply.Message);
            }

            return Results.Json(reply, JsonOutput.Options);
        }
        catch (ArgumentException exception)
        {
            Fail(http, Text(exception));
            return Results.Json(ControlReply.Error(Text(exception)), JsonOutput.Options, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidOperationException exception)
        {
            Fail(http, exception.Message);
            return Results.Json(ControlReply.Error(exception.Message), JsonOutput.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private void Refuse(HttpContext http, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            _logger.Refused(http.Request.Method, http.Request.Path.ToString(), Remote(http), reason);
        }
    }

    private void Fail(HttpContext http, string message)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            _logger.Failed(http.Request.Method, http.Request.Path.ToString(), Remote(http), message);
        }
    }

    /// <summary>The engine's message without .NET's " (Parameter 'group')" tail, which means nothing to an operator.</summary>
    private static string Text(ArgumentException exception)
        => exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static string Remote(HttpContext http) => $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";

    private sealed class InnerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
