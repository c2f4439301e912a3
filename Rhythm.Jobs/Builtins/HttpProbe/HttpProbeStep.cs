using System.Net;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.HttpProbe;

/// <summary>
/// <c>builtin:http-probe</c>: GETs a URL and fails when the answer is not an accepted status, is slower than
/// <c>maxLatency</c>, or does not come within <c>timeout</c>. The message carries the status and latency either way.
/// </summary>
/// <remarks>
/// Latency is measured to the end of the response body, which is what a caller of the service waits for. One
/// client serves every probe, so sockets are reused instead of piling up in TIME_WAIT; its pooled connections are
/// recycled every few minutes so that a DNS change is seen.
/// </remarks>
internal sealed class HttpProbeStep(TimeProvider time) : IRhythmStep
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        // Each probe has its own timeout on Rhythm's clock.
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "Rhythm-http-probe" } },
    };

    public async ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!HttpProbeOptions.TryParse(context.Step.With, out var options, out var problems))
        {
            return StepOutcome.Failure(BuiltinOptions.Summary(problems));
        }

        var url = options.Url.AbsoluteUri;
        if (context.DryRun)
        {
            var plan = $"GET {url} (timeout {BuiltinText.Duration(options.Timeout)}, maxLatency {BuiltinText.Duration(options.MaxLatency)}, expect {options.Expected})";
            context.Logger.Would(plan);
            return StepOutcome.Success("would " + plan);
        }

        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            await response.Content.CopyToAsync(Stream.Null, linked.Token).ConfigureAwait(false);
            var latency = time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var answer = BuiltinText.Invariant($"{status} {response.ReasonPhrase ?? response.StatusCode.ToString()} in {BuiltinText.Duration(latency)}");
            context.Logger.Probed(url, answer);
            if (!options.Accepts(status))
            {
                return StepOutcome.Failure($"GET {url}: {answer}, expected {options.Expected}");
            }

            return latency > options.MaxLatency
                ? StepOutcome.Failure($"GET {url}: {answer}, slower than maxLatency {BuiltinText.Duration(options.MaxLatency)}")
                : StepOutcome.Success($"GET {url}: {answer}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var answer = "no response within " + BuiltinText.Duration(options.Timeout);
            context.Logger.Probed(url, answer);
            return StepOutcome.Failure($"GET {url}: {answer}");
        }
        catch (HttpRequestException ex)
        {
            context.Logger.Probed(url, ex.Message);
            return StepOutcome.Failure($"GET {url}: {ex.Message}");
        }
    }
}
