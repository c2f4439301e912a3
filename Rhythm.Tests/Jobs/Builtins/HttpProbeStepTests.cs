using System.Net;
using System.Net.Sockets;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>builtin:http-probe against a real HTTP server on the loopback interface.</summary>
public sealed class HttpProbeStepTests
{
    private CannedHttpServer _server = null!;
    private BuiltinsHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new CannedHttpServer();
        _host = new BuiltinsHost(TimeProvider.System);
    }

    [TearDown]
    public async Task TearDown()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Execute_Healthy_SucceedsWithStatusAndLatency()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/ok")}}" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Does.Match($@"^GET {Escape(_server.Url("/ok"))}: 200 OK in \d+ms$"));
        Assert.That(_host.Logger.Messages, Has.Some.Match(@"^http-probe: GET .*/ok: 200 OK in \d+ms$"));
    }

    [Test]
    public async Task Execute_ServerError_FailsNamingStatusAndWhatWasExpected()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/down")}}" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.Match($@"^GET {Escape(_server.Url("/down"))}: 503 Service Unavailable in \d+ms, expected 2xx$"));
    }

    [Test]
    public async Task Execute_ExpectStatusListsTheAnswer_Succeeds()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/down")}}", "expectStatus": [503] }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
    }

    [Test]
    public async Task Execute_SuccessNotInExpectStatus_Fails()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/created")}}", "expectStatus": [200, 204] }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.EndWith(", expected 200 or 204"));
        Assert.That(outcome.Message, Does.Contain(": 201 Created in "));
    }

    [Test]
    public async Task Execute_SlowerThanDefaultMaxLatency_FailsWithTheSeedsThreshold()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/slow")}}" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.Match(@": 200 OK in ([\d.]+m?s), slower than maxLatency 300ms$"));
        var measured = System.Text.RegularExpressions.Regex.Match(outcome.Message!, @"in ([\d.]+m?s),").Groups[1].Value;
        Assert.That(Rhythm.Model.Durations.TryParse(measured, out var latency), Is.True, measured);
        // Timers may fire a few milliseconds early on either side; what matters is that it is well past 300 ms.
        Assert.That(latency, Is.GreaterThanOrEqualTo(CannedHttpServer.SlowDelay - TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task Execute_SlowButWithinConfiguredMaxLatency_Succeeds()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/slow")}}", "maxLatency": "5s" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Does.Match(@": 200 OK in \d+ms$"));
    }

    [Test]
    public async Task Execute_NoAnswerWithinTimeout_FailsAfterTheTimeout()
    {
        var started = TimeProvider.System.GetTimestamp();

        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/hang")}}", "timeout": "300ms" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo($"GET {_server.Url("/hang")}: no response within 300ms"));
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Execute_NothingListening_FailsWithTheConnectionError()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/health";

        var outcome = await ProbeAsync($$"""{ "url": "{{url}}", "timeout": "5s" }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.StartWith($"GET {url}: ").And.Contain("refused"));
    }

    [Test]
    public void Execute_HostStopping_ThrowsCancellationForTheEngine()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await ProbeAsync($$"""{ "url": "{{_server.Url("/hang")}}" }""", cancellationToken: stop.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Execute_DryRun_SendsNothingAndSaysWhatItWouldDo()
    {
        var outcome = await ProbeAsync($$"""{ "url": "{{_server.Url("/ok")}}", "expectStatus": [200] }""", dryRun: true);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo($"would GET {_server.Url("/ok")} (timeout 10s, maxLatency 300ms, expect 200)"));
        Assert.That(_server.Requests, Is.Zero);
    }

    [TestCase("{ }",
        "builtin:http-probe: option 'url' is required: the http or https address to GET, such as \"http://127.0.0.1:8080/health\"")]
    [TestCase("""{ "url": "http://127.0.0.1/", "maxLatncy": "1s" }""",
        "builtin:http-probe: unknown option 'maxLatncy' in \"with\". Did you mean 'maxLatency'? Known options: url, timeout, maxLatency, expectStatus")]
    [TestCase("""{ "url": "ftp://127.0.0.1/file" }""",
        "builtin:http-probe: option 'url' must be an absolute http or https address, found \"ftp://127.0.0.1/file\"")]
    [TestCase("""{ "url": "/health" }""",
        "builtin:http-probe: option 'url' must be an absolute http or https address, found \"/health\"")]
    [TestCase("""{ "url": "http://127.0.0.1/", "timeout": "ten seconds" }""",
        "builtin:http-probe: option 'timeout' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found \"ten seconds\"")]
    [TestCase("""{ "url": "http://127.0.0.1/", "maxLatency": 300 }""",
        "builtin:http-probe: option 'maxLatency' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found 300")]
    [TestCase("""{ "url": "http://127.0.0.1/", "expectStatus": 200 }""",
        "builtin:http-probe: option 'expectStatus' must be a non-empty list of whole numbers from 100 to 599, found 200")]
    [TestCase("""{ "url": "http://127.0.0.1/", "expectStatus": [200, 700] }""",
        "builtin:http-probe: option 'expectStatus' must be a non-empty list of whole numbers from 100 to 599, found [200, 700]")]
    [TestCase("\"http://127.0.0.1/\"", "builtin:http-probe: \"with\" must be an object, found string")]
    public async Task Execute_BadWith_FailsNamingTheOption(string with, string message)
    {
        var outcome = await ProbeAsync(with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo(message));
        Assert.That(_server.Requests, Is.Zero);
    }

    private Task<StepOutcome> ProbeAsync(string with, bool dryRun = false, CancellationToken cancellationToken = default) =>
        _host.RunAsync("http-probe", with, dryRun, cancellationToken);

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
