namespace Strata.Interests.Taxonomies;

/// <summary>What <see cref="TaxonomyNamer.NameAsync"/> did.</summary>
/// <param name="Taxonomy">The tree with the chat names applied (offline labels elsewhere).</param>
/// <param name="Named">Nodes whose label is now a chat name.</param>
/// <param name="Asked">Requests answered by the model.</param>
/// <param name="FromCache">Names taken from the cache without asking.</param>
/// <param name="Failure">The first request's error that stopped the naming, or null.</param>
public sealed record TaxonomyNaming(Taxonomy Taxonomy, int Named, int Asked, int FromCache, string? Failure);
