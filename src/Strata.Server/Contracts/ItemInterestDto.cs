namespace Strata.Server.Contracts;

/// <summary>An item the user interacted with, and its decayed event weight (the micro level of the tree).</summary>
public sealed record ItemInterestDto(string ItemId, string Title, float Strength);
