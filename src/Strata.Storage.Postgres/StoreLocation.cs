using System.Text.RegularExpressions;
using Npgsql;

namespace Strata.Storage.Postgres;

/// <summary>
/// Where a store lives, read from the one string a host is given (a <c>--db</c> option, a setting):
/// <list type="bullet">
/// <item>a <c>postgres://user:password@host:port/database?option=value</c> (or <c>postgresql://</c>) URL, or an
/// Npgsql connection string naming a host (<c>Host=127.0.0.1;Database=strata;…</c>): the PostgreSQL store;</item>
/// <item>anything else is a file path: the SQLite store.</item>
/// </list>
/// </summary>
/// <param name="Kind">Which store.</param>
/// <param name="Target">The full file path (SQLite) or an Npgsql connection string (PostgreSQL).</param>
public sealed partial record StoreLocation(StoreKind Kind, string Target)
{
    /// <exception cref="ArgumentException">A PostgreSQL URL or connection string that cannot be read, naming the part at fault.</exception>
    public static StoreLocation Parse(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new StoreLocation(StoreKind.Postgres, FromUrl(location));
        if (NamesAHost().IsMatch(location))
            return new StoreLocation(StoreKind.Postgres, Checked(location));
        return new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(location));
    }

    /// <summary>The location without its password, for logs and messages.</summary>
    public override string ToString() =>
        Kind == StoreKind.Sqlite ? Target : new NpgsqlConnectionStringBuilder(Target) { Password = null }.ConnectionString;

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"'{Redacted(url)}' is not a postgres://user:password@host:port/database URL.", nameof(url));
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                // libpq's sslmode is the one URL option Npgsql spells differently.
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new ArgumentException($"'{Redacted(url)}': option '{key}={value}': {e.Message}", nameof(url), e);
            }
        }
        return builder.ConnectionString;
    }

    private static string Checked(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"Not a valid PostgreSQL connection string: {e.Message}", nameof(connectionString), e);
        }
    }

    private static string Redacted(string url) => PasswordInUrl().Replace(url, "$1:***@");

    [GeneratedRegex(@"(?:^|;)\s*(?:host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex NamesAHost();

    [GeneratedRegex(@"(//[^:/@]*):[^@/]*@")]
    private static partial Regex PasswordInUrl();
}
