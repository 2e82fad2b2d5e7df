namespace Strata.Server.Experiments;

/// <summary>
/// An experiment as configured (<c>Strata:Experiments:{id}</c>, the key being its id) or posted to <c>POST /experiments</c>:
/// two or more variants, each a model with a share of the users. Checked by <see cref="ExperimentRules"/>.
/// </summary>
public sealed class ExperimentSettings
{
    /// <summary>The experiment's id (the API's body; in settings the key is the id).</summary>
    public string? Id { get; set; }

    public List<VariantSettings>? Variants { get; set; }

    /// <summary>The variant that stands for today's behaviour, compared against and kept when no other wins (default: the first).</summary>
    public string? Control { get; set; }

    /// <summary>Key of the assignment hash (default: the id for configured experiments, random for posted ones).</summary>
    public string? Salt { get; set; }
}

/// <summary>One arm of an experiment: its name, the model that serves it, and its share of the users (shares sum to 1).</summary>
public sealed class VariantSettings
{
    public string? Name { get; set; }

    public VariantModelSettings? Model { get; set; }

    public double? Share { get; set; }
}

/// <summary>The model a variant is served by: a kind of <see cref="Strata.Engine.ModelKinds"/> and its options (unset ones as in <c>Strata:Model</c>).</summary>
public sealed class VariantModelSettings
{
    public string? Kind { get; set; }

    public double? EaseLambda { get; set; }

    public int? Seed { get; set; }
}
