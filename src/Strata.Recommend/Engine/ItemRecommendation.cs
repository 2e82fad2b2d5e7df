namespace Strata.Recommend.Engine;

/// <summary>An explained recommendation in external ids: what the CLI prints and the HTTP API returns.</summary>
public sealed record ItemRecommendation(string ItemId, string Title, float Score, string Macro, string Meso, IReadOnlyList<RecommendationReason> Because)
{
    public string Path => $"{Macro} › {Meso}";
}
