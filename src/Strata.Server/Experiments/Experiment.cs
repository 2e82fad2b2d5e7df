using System.Text;
using Strata.Engine;

namespace Strata.Server.Experiments;

/// <summary>An online experiment as the server keeps it (saved in the store as the <c>experiments</c> artifact).</summary>
internal sealed record Experiment(string Id, IReadOnlyList<Variant> Variants, string Control, string Salt, DateTimeOffset Created,
    bool Running, string? Winner, DateTimeOffset? Stopped)
{
    /// <summary>The variant a stored user id belongs to: sticky (a pure function of the salt and the id), by the configured shares.</summary>
    public Variant Assign(string storedUserId) => Variants[Assignment.Variant(Encoding.UTF8.GetBytes(Salt), storedUserId, Variants.Select(v => v.Share).ToArray())];

    public Variant Find(string name) => Variants.First(v => v.Name == name);
}

/// <summary>One arm: its name, the model settings that serve it, its share of the users.</summary>
internal sealed record Variant(string Name, ModelOptions Model, double Share);
