namespace Strata.Recommend.Explanations;

/// <summary>Why an item is recommended: its interest path (macro › meso) and the user's own events behind it.</summary>
public sealed record Explanation(string Macro, string Meso, IReadOnlyList<ExplainingEvent> Events)
{
    /// <summary>"Macro › Meso".</summary>
    public string Path => $"{Macro} › {Meso}";
}
