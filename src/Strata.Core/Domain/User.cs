namespace Strata.Core.Domain;

/// <summary>A user known to the store. Attributes (age bucket, occupation…) are optional demographic metadata.</summary>
public sealed record User(string Id, IReadOnlyDictionary<string, string> Attributes)
{
    public static User Create(string id) => new(id, Item.Empty);

    public bool Equals(User? other) =>
        other is not null && Id == other.Id && Attributes.Count == other.Attributes.Count &&
        Attributes.All(kv => other.Attributes.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Id, Attributes.Count);
}
