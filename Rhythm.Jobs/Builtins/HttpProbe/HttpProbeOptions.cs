using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Rhythm.Jobs.Builtins.HttpProbe;

/// <summary>What <c>builtin:http-probe</c> requests and what it accepts, read from the step's <c>with</c>.</summary>
internal sealed record HttpProbeOptions
{
    private static readonly string[] Known = ["url", "timeout", "maxLatency", "expectStatus"];

    /// <summary>The absolute http or https URL to GET. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>How long the whole request may take. The default is 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = HttpProbeDefaults.Timeout;

    /// <summary>The slowest acceptable response. The default is 300 ms.</summary>
    public TimeSpan MaxLatency { get; init; } = HttpProbeDefaults.MaxLatency;

    /// <summary>The acceptable status codes; <see langword="null"/> (the default) accepts any 2xx.</summary>
    public IReadOnlyList<int>? ExpectStatus { get; init; }

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out HttpProbeOptions? options, out IReadOnlyList<string> problems)
    {
        var read = BuiltinOptions.Read("http-probe", with, Known);
        read.Require("url", "the http or https address to GET, such as \"http://127.0.0.1:8080/health\"");
        var text = read.Text("url", null);
        Uri? url = null;
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            read.Fail($"option 'url' must be an absolute http or https address, found {JsonSerializer.Serialize(text)}");
        }

        var timeout = read.Duration("timeout", HttpProbeDefaults.Timeout);
        var maxLatency = read.Duration("maxLatency", HttpProbeDefaults.MaxLatency);
        var expectStatus = read.Integers("expectStatus", 100, 599);

        problems = read.Problems;
        options = problems.Count == 0
            ? new HttpProbeOptions { Url = url!, Timeout = timeout, MaxLatency = maxLatency, ExpectStatus = expectStatus }
            : null;
        return problems.Count == 0;
    }

    /// <summary>Whether <paramref name="status"/> is an acceptable answer.</summary>
    public bool Accepts(int status) => ExpectStatus?.Contains(status) ?? status is >= 200 and <= 299;

    /// <summary>The acceptable statuses as a person would say them: "2xx", "200 or 204".</summary>
    public string Expected => ExpectStatus is null ? "2xx" : string.Join(" or ", ExpectStatus);
}
