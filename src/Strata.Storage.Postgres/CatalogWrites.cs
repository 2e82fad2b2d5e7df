using Npgsql;
using Strata.Core.Domain;

namespace Strata.Storage.Postgres;

/// <summary>The statements that write items and users, shared by upserts, appends and imports.</summary>
internal static class CatalogWrites
{
    /// <summary>
    /// Creates the users of <c>$1</c> (a text array of encoded ids) that do not exist yet. Checking first keeps
    /// existing users from using up identity values; ON CONFLICT covers a concurrent insert of the same id.
    /// </summary>
    public const string InsertMissingUsers =
        """
        INSERT INTO users (external_id, attributes)
        SELECT s.id, '{}' FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE users.external_id = s.id)
        ORDER BY s.n
        ON CONFLICT (external_id) DO NOTHING
        """;

    /// <summary>The first id of <c>$1</c> (a text array of encoded ids, in order) that the catalogue does not hold, if any.</summary>
    public const string FirstMissingItem =
        """
        SELECT s.id FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.external_id = s.id)
        ORDER BY s.n LIMIT 1
        """;

    public static async Task UpsertItemsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
            if (EventRules.IdProblem(item.Id) is { } problem) throw new ArgumentException($"Item id {problem}.", nameof(items));
        // One statement may not update a row twice, so an id repeated in the list keeps its first place and last values.
        var latest = LastOfEach(items, item => item.Id);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO items (external_id, title, categories, categories_flat, tags, text_fields, attributes)
            SELECT s.id, s.title, s.categories::json, s.flat, s.tags::json, s.text_fields::json, s.attributes::json
            FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::text[])
                WITH ORDINALITY AS s(id, title, categories, flat, tags, text_fields, attributes, n)
            ORDER BY s.n
            ON CONFLICT (external_id) DO UPDATE SET title = excluded.title, categories = excluded.categories,
                categories_flat = excluded.categories_flat, tags = excluded.tags, text_fields = excluded.text_fields,
                attributes = excluded.attributes
            """, connection, transaction)
        {
            Parameters =
            {
                Parameters.Texts(latest, item => TextColumns.Encode(item.Id)),
                Parameters.Texts(latest, item => TextColumns.Encode(item.Title)),
                Parameters.Texts(latest, item => JsonColumns.WriteList(item.Categories)),
                new NpgsqlParameter<bool[]> { TypedValue = latest.Select(item => item.CategoriesAreFlat).ToArray() },
                Parameters.Texts(latest, item => JsonColumns.WriteList(item.Tags)),
                Parameters.Texts(latest, item => JsonColumns.WriteMap(item.Text)),
                Parameters.Texts(latest, item => JsonColumns.WriteMap(item.Attributes)),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task UpsertUsersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        foreach (var user in users)
            if (EventRules.IdProblem(user.Id) is { } problem) throw new ArgumentException($"User id {problem}.", nameof(users));
        var latest = LastOfEach(users, user => user.Id);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO users (external_id, attributes)
            SELECT s.id, s.attributes::json FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(id, attributes, n)
            ORDER BY s.n
            ON CONFLICT (external_id) DO UPDATE SET attributes = excluded.attributes
            """, connection, transaction)
        {
            Parameters =
            {
                Parameters.Texts(latest, user => TextColumns.Encode(user.Id)),
                Parameters.Texts(latest, user => JsonColumns.WriteMap(user.Attributes)),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each key once, at its first position, with the value of its last occurrence (what upserting one by one leaves).</summary>
    private static List<T> LastOfEach<T>(IReadOnlyList<T> values, Func<T, string> key)
    {
        var position = new Dictionary<string, int>(values.Count, StringComparer.Ordinal);
        var result = new List<T>(values.Count);
        foreach (var value in values)
        {
            if (position.TryGetValue(key(value), out var at)) result[at] = value;
            else
            {
                position.Add(key(value), result.Count);
                result.Add(value);
            }
        }
        return result;
    }
}
