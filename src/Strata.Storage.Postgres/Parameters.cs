using Npgsql;

namespace Strata.Storage.Postgres;

/// <summary>Positional parameters (<c>$1</c>, <c>$2</c>…) for the store's statements; strings go through <see cref="TextColumns"/>.</summary>
internal static class Parameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = TextColumns.Encode(value) };

    public static NpgsqlParameter<string[]> Texts(IEnumerable<string> encoded) => new() { TypedValue = encoded.ToArray() };

    public static NpgsqlParameter<string[]> Texts<T>(IEnumerable<T> values, Func<T, string> column) => new() { TypedValue = values.Select(column).ToArray() };

    public static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
