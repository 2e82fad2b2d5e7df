using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Explanations;

/// <summary>
/// A user's interest tree as JSON for machines: per level the nodes with strength, probability, trend and the user's own
/// events that contribute most, plus the emerging and fading interests.
/// <code>{"user":…,"at":…,"events":…,"levels":[{"level":"macro","nodes":[{"id":…,"label":…,"strength":…,"probability":…,"trend":…,…}]},…]}</code>
/// </summary>
public static class InterestExplanation
{
    /// <summary>Serializer options that keep labels readable (no \u-escaping of ›, é, &gt;).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="snapshot">The derived tree.</param>
    /// <param name="taxonomy">The tree the snapshot is over (for item ids).</param>
    /// <param name="titles">Item titles by external id, to name the contributing events (optional).</param>
    /// <param name="nodesPerLevel">Keep only the most probable nodes of each level (null: all).</param>
    public static JsonObject ToJson(InterestSnapshot snapshot, Taxonomy taxonomy, IReadOnlyDictionary<string, string>? titles = null, int? nodesPerLevel = null)
    {
        var levels = new JsonArray();
        foreach (var level in (InterestLevel[])[InterestLevel.Macro, InterestLevel.Meso])
        {
            var nodes = new JsonArray();
            foreach (var node in snapshot.Level(level).Take(nodesPerLevel ?? int.MaxValue)) nodes.Add(NodeJson(node, taxonomy, titles));
            levels.Add(new JsonObject { ["level"] = Name(level), ["nodes"] = nodes });
        }
        return new JsonObject
        {
            ["user"] = snapshot.User,
            ["at"] = snapshot.AtSeconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(snapshot.AtSeconds).ToString("O"),
            ["events"] = snapshot.Events,
            ["taxonomy_version"] = taxonomy.Version,
            ["levels"] = levels,
            ["emerging"] = new JsonArray(snapshot.Emerging.Select(n => (JsonNode)Brief(n)).ToArray()),
            ["fading"] = new JsonArray(snapshot.Fading.Select(n => (JsonNode)Brief(n)).ToArray()),
        };
    }

    /// <summary>The wire name of a level: <c>macro</c>, <c>meso</c>, <c>micro</c>.</summary>
    public static string Name(InterestLevel level) => level.ToString().ToLowerInvariant();

    private static JsonObject Brief(NodeInterest node) => new()
    {
        ["id"] = node.NodeId,
        ["level"] = Name(node.Level),
        ["label"] = node.Label,
        ["trend"] = Round(node.Trend),
    };

    private static JsonObject NodeJson(NodeInterest node, Taxonomy taxonomy, IReadOnlyDictionary<string, string>? titles)
    {
        var events = new JsonArray();
        foreach (var e in node.TopEvents)
        {
            var id = taxonomy.Items[e.Item];
            events.Add(new JsonObject
            {
                ["item"] = id,
                ["title"] = titles is not null && titles.TryGetValue(id, out var title) ? title : null,
                ["type"] = Core.Domain.EventTypes.Name(e.Type),
                ["value"] = float.IsNaN(e.Value) ? null : e.Value,
                ["time"] = DateTimeOffset.FromUnixTimeSeconds(e.Seconds).ToString("O"),
                ["weight"] = Round(e.Weight),
            });
        }
        var json = new JsonObject
        {
            ["id"] = node.NodeId,
            ["label"] = node.Label,
            ["parent"] = node.ParentId < 0 ? null : node.ParentId,
            ["strength"] = Round(node.Strength),
            ["short_strength"] = Round(node.ShortStrength),
            ["probability"] = Round(node.Probability),
            ["trend"] = Round(node.Trend),
            ["direction"] = node.Direction.ToString().ToLowerInvariant(),
            ["events"] = node.Events,
            ["top_events"] = events,
        };
        if (node.Engagement is { } engagement) json["engagement"] = Round(engagement);
        return json;
    }

    private static double Round(float value) => Math.Round(value, 5);
}
