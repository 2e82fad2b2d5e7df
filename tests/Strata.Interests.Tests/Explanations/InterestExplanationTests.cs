using System.Text.Json.Nodes;
using Strata.Core.Domain;
using Strata.Interests.Explanations;
using Strata.Interests.Profiles;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Explanations;

public class InterestExplanationTests
{
    [Fact]
    public void Json_has_both_levels_with_probabilities_summing_to_one_and_the_users_own_events()
    {
        var catalog = SyntheticCatalog.Instance;
        var profile = new InterestProfile(new ProfileContext(catalog.Taxonomy));
        profile.Apply(7, EventType.Rating, 5, 1_500_000_000);
        profile.Apply(8, EventType.Rating, 4, 1_500_086_400);
        var titles = catalog.Items.ToDictionary(i => i.Id, i => i.Title);
        var json = JsonNode.Parse(InterestExplanation.ToJson(profile.Snapshot("u1"), catalog.Taxonomy, titles).ToJsonString(InterestExplanation.JsonOptions))!;

        Assert.Equal("u1", json["user"]!.GetValue<string>());
        Assert.Equal(2, json["events"]!.GetValue<int>());
        var levels = json["levels"]!.AsArray();
        Assert.Equal(["macro", "meso"], levels.Select(l => l!["level"]!.GetValue<string>()).ToArray());
        foreach (var level in levels)
        {
            var nodes = level!["nodes"]!.AsArray();
            Assert.Equal(1.0, nodes.Sum(n => n!["probability"]!.GetValue<double>()), 3);
            Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n!["label"]!.GetValue<string>())));
        }
        var topMeso = levels[1]!["nodes"]!.AsArray()[0]!;
        Assert.Equal(catalog.Taxonomy.PathOf(7).Meso, topMeso["id"]!.GetValue<int>());
        var evidence = topMeso["top_events"]!.AsArray();
        Assert.Contains(evidence, e => e!["item"]!.GetValue<string>() == catalog.Items[7].Id && e["title"]!.GetValue<string>() == catalog.Items[7].Title);
        Assert.All(evidence, e => Assert.Equal("rating", e!["type"]!.GetValue<string>()));
    }
}
