using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>
/// Applies Rhythm's writes to the store in group commits: every write waiting while a transaction runs goes into
/// the next one, and each caller's task completes only when the transaction holding its write has committed.
/// </summary>
/// <remarks>
/// SQLite has one writer. When many groups fire together, a transaction per write makes each fire queue for the
/// write lock several times; one transaction for all waiting writes takes the lock once for the lot. A caller that
/// awaits its write still knows it is durable before it goes on, so a run's start row is committed before its first
/// step, as before. Each write runs inside its own savepoint: one that throws is rolled back and fails only its own
/// caller. If the transaction itself cannot begin or commit, each write of the batch is retried alone, unless the
/// store stayed locked for the whole busy timeout: then the writes of that batch fail, as a write of their own would have.
/// </remarks>
internal sealed class StoreWriter(RhythmStore store)
{
    private readonly Lock _gate = new();
    private List<IWrite> _pending = [];
    private bool _writing;
    private int _commits;

    /// <summary>Runs <paramref name="write"/> in the next group commit and returns its result once that has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var request = new Write<T>(write);
        bool start;
        lock (_gate)
        {
            _pending.Add(request);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // One drain at a time: writes that arrive while it commits wait for its next transaction.
            ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: false);
        }

        return request.Task;
    }

    /// <summary>Runs <paramref name="write"/> in the next group commit and completes once that has committed.</summary>
    public Task WriteAsync(Action<SqliteTransaction> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(transaction =>
        {
            write(transaction);
            return true;
        });
    }

    /// <summary>How many transactions have committed; lets tests see that writes were grouped.</summary>
    internal int Commits => Volatile.Read(ref _commits);

    private void Drain()
    {
        while (true)
        {
            List<IWrite> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                Commit(batch);
            }
            catch (Exception e) when (batch.Count > 1 && !IsLockTimeout(e))
            {
                foreach (var write in batch)
                {
                    write.Reset();
                    try
                    {
                        Commit([write]);
                        write.Complete();
                    }
                    catch (Exception alone)
                    {
                        write.Fail(alone);
                    }
                }

                continue;
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                {
                    write.Fail(e);
                }

                continue;
            }

            foreach (var write in batch)
            {
                write.Complete();
            }
        }
    }

    // The busy timeout has already been waited out once; retrying each write alone would wait it out again per write.
    private static bool IsLockTimeout(Exception e) => e is SqliteException { SqliteErrorCode: 5 or 6 };

    private void Commit(List<IWrite> batch)
    {
        using var connection = store.Open();
        using var transaction = connection.BeginTransaction();
        for (var i = 0; i < batch.Count; i++)
        {
            var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            transaction.Save(savepoint);
            try
            {
                batch[i].Apply(transaction);
                transaction.Release(savepoint);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                batch[i].Threw(e);
            }
        }

        transaction.Commit();
        Interlocked.Increment(ref _commits);
    }

    private interface IWrite
    {
        void Apply(SqliteTransaction transaction);

        /// <summary>Notes that the write threw; its caller is told once the batch is settled.</summary>
        void Threw(Exception exception);

        /// <summary>Forgets a result or failure from a batch that did not commit.</summary>
        void Reset();

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<SqliteTransaction, T> write) : IWrite
    {
        // Continuations run elsewhere so that a caller's next step never runs on, and holds up, the drain.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public void Apply(SqliteTransaction transaction) => _result = write(transaction);

        public void Threw(Exception exception) => _error = exception;

        public void Reset()
        {
            _result = default;
            _error = null;
        }

        public void Complete()
        {
            if (_error is null)
            {
                _done.TrySetResult(_result!);
            }
            else
            {
                _done.TrySetException(_error);
            }
        }

        public void Fail(Exception exception) => _done.TrySetException(exception);
    }
}
