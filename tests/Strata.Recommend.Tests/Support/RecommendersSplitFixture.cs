namespace Strata.Recommend.Tests.Support;

/// <summary>Loads the recommenders-75-25 split once for every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class RecommendersSplitCollection : ICollectionFixture<RecommendersSplit>
{
    public const string Name = "recommenders-75-25";
}
