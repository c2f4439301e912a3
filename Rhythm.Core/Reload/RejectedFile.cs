using System.Globalization;
using Microsoft.Data.Sqlite;
using Rhythm.Store;

namespace Rhythm.Reload;

/// <summary>What the host found wrong with jobs.json on disk, and which bytes it found it in.</summary>
/// <param name="Message">The text status shows: <c>jobs.json on disk rejected: ...</c>.</param>
/// <param name="Fingerprint">The hash of the rejected file, or <see langword="null"/> when it was missing.</param>
/// <param name="At">When the host rejected it.</param>
internal sealed record RejectedFile(string Message, string? Fingerprint, DateTimeOffset At)
{
    private const string MessageKey = "jobs.rejected";
    private const string FingerprintKey = "jobs.rejected.fingerprint";
    private const string AtKey = "jobs.rejected.at";

    public void Write(RhythmStore store)
    {
        using var connection = store.Open();
        using var transaction = connection.BeginTransaction();
        Set(connection, transaction, MessageKey, Message);
        Set(connection, transaction, FingerprintKey, Fingerprint);
        Set(connection, transaction, AtKey, At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    public static void Clear(RhythmStore store)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rhythm_meta WHERE key IN ($message, $fingerprint, $at);";
        command.Parameters.AddWithValue("$message", MessageKey);
        command.Parameters.AddWithValue("$fingerprint", FingerprintKey);
        command.Parameters.AddWithValue("$at", AtKey);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The mark, if there is one and it is still about the file on disk: once the file changes (fixed while no host
    /// ran, or just saved and not yet re-read), the old verdict no longer describes it.
    /// </summary>
    public static RejectedFile? ReadCurrent(SqliteConnection connection, string jobsPath)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key, value FROM rhythm_meta WHERE key IN ($message, $fingerprint, $at);";
            command.Parameters.AddWithValue("$message", MessageKey);
            command.Parameters.AddWithValue("$fingerprint", FingerprintKey);
            command.Parameters.AddWithValue("$at", AtKey);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        if (values.GetValueOrDefault(MessageKey) is not { } message)
        {
            return null;
        }

        var fingerprint = values.GetValueOrDefault(FingerprintKey);
        if (!string.Equals(fingerprint, FileFingerprint.Of(jobsPath), StringComparison.Ordinal))
        {
            return null;
        }

        var at = long.TryParse(values.GetValueOrDefault(AtKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
        return new RejectedFile(message, fingerprint, at);
    }

    private static void Set(SqliteConnection connection, SqliteTransaction transaction, string key, string? value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO rhythm_meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", (object?)value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
