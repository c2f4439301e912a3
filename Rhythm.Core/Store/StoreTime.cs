namespace Rhythm.Store;

/// <summary>Times are stored as Unix milliseconds (UTC): sortable, compact, and readable from any SQLite client.</summary>
internal static class StoreTime
{
    public static long ToStore(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToStore(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromStore(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromStore(object? value) => value is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
}
