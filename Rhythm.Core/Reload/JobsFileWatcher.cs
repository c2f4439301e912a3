using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rhythm.Reload;

/// <summary>
/// Watches jobs.json while the host runs and hands each settled change to the <see cref="JobsFileReloader"/>, one at
/// a time.
/// </summary>
/// <remarks>
/// The watch is on the folder, not the file: editors save by writing a new file and renaming it over the old one,
/// or by deleting and re-creating it, and a watch on the file itself would die with the first save. Every event
/// that names the file under its new or old name counts, and so does a lost-events error, because reading the file
/// again is cheap and its fingerprint tells whether anything changed.
/// </remarks>
internal sealed class JobsFileWatcher(
    JobsFileReloader reloader,
    IOptions<RhythmOptions> options,
    TimeProvider time,
    ILogger<JobsFileWatcher> logger) : IHostedService, IDisposable
{
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Debouncer? _debouncer;
    private Task? _loop;
    private string _path = string.Empty;
    private StringComparison _nameComparison;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WatchJobsFile)
        {
            return Task.CompletedTask;
        }

        _path = Path.GetFullPath(options.Value.JobsFile);
        _nameComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        reloader.Start(_path);
        var debounce = options.Value.ReloadDebounce;
        _debouncer = new Debouncer(time, debounce, () => _due.Writer.TryWrite(true));
        _loop = Task.Run(LoopAsync, CancellationToken.None);

        var folder = Path.GetDirectoryName(_path)!;
        _watcher = new FileSystemWatcher(folder, Path.GetFileName(_path))
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnRenamed;
        _watcher.Error += OnError;
        _watcher.EnableRaisingEvents = true;
        logger.Watching(_path, debounce.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        _due.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debouncer?.Dispose();
        _stopping.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (Names(e.FullPath))
        {
            _debouncer?.Poke();
        }
    }

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        if (Names(e.FullPath) || Names(e.OldFullPath))
        {
            _debouncer?.Poke();
        }
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        logger.WatchFailed(e.GetException(), _path);
        _debouncer?.Poke();
    }

    private bool Names(string? path) => string.Equals(path, _path, _nameComparison);

    private async Task LoopAsync()
    {
        try
        {
            await foreach (var _ in _due.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    await reloader.ReloadAsync(_stopping.Token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.ReloadFailed(exception, _path);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host is stopping; a reload cut short leaves the schedule as the reconciler left it, as at any stop.
        }
    }
}
