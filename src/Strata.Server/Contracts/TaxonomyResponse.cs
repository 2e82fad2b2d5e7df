namespace Strata.Server.Contracts;

/// <summary>The serving model's interest tree (<c>GET /taxonomy</c>): macro nodes, each with its meso nodes.</summary>
public sealed record TaxonomyResponse(long ModelVersion, int Items, IReadOnlyList<TaxonomyMacroDto> Macro);

/// <summary>
/// A macro node: its label, the distinctive terms behind it, the number of items under it and the positive events on them.
/// </summary>
public sealed record TaxonomyMacroDto(int Id, string Label, IReadOnlyList<string> Terms, int Size, long Events, IReadOnlyList<TaxonomyMesoDto> Meso);

/// <summary>A meso node with a few sample items: its most popular ones (hidden items never), then those nearest its centre.</summary>
public sealed record TaxonomyMesoDto(int Id, string Label, IReadOnlyList<string> Terms, int Size, long Events, IReadOnlyList<ListedItem> Samples);
