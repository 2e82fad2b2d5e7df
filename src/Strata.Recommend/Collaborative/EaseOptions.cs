using Strata.Recommend.Validation;

namespace Strata.Recommend.Collaborative;

/// <summary>Options of EASE (Steck 2019) and its dropout-emphasised variant EDLAE (Steck 2020).</summary>
public sealed record EaseOptions
{
    /// <summary>L2 regularisation λ added to the Gram diagonal. Null: chosen from <see cref="LambdaCandidates"/> on a validation split carved from training data.</summary>
    public double? Lambda { get; init; }

    /// <summary>Dropout probability p of EDLAE: the diagonal also gets p/(1−p)·G_ii. 0 gives plain EASE.</summary>
    public double DropoutProbability { get; init; }

    /// <summary>λ values tried when <see cref="Lambda"/> is null.</summary>
    public IReadOnlyList<double> LambdaCandidates { get; init; } = [50, 100, 200, 300, 500, 800, 1200, 2000];

    /// <summary>
    /// Memory for the training score sums of the heaviest users (see <see cref="EaseModel.WithUserScores"/>); 0 keeps none.
    /// The default holds 64 MB: every user with 64+ items of ml-latest-small (9,742 items) fits in a fraction of it.
    /// </summary>
    public long UserScoreBudgetBytes { get; init; } = 64L << 20;

    /// <summary>How the validation split for tuning λ is carved.</summary>
    public ValidationOptions Validation { get; init; } = new();
}
