namespace Strata.Interests.Dynamics;

/// <summary>The learned model against the raw decayed strength (Platt-calibrated) on the later period of a temporal split.</summary>
/// <param name="Learned">The logistic model over all features.</param>
/// <param name="Raw">The raw decayed strength <c>s_u(h)</c> alone, calibrated by a one-feature logistic fit on the training period.</param>
/// <param name="TrainExamples">(user, node) pairs in training.</param>
/// <param name="TestExamples">(user, node) pairs in test.</param>
/// <param name="TestPositiveRate">Share of test pairs the user engaged with.</param>
/// <param name="TrainCutoffSeconds">Unix time where training features were taken.</param>
/// <param name="TestCutoffSeconds">Unix time where test features were taken.</param>
/// <param name="Model">The learned model (trained on the training period).</param>
public sealed record StrengthEvaluationResult(
    StrengthScore Learned,
    StrengthScore Raw,
    int TrainExamples,
    int TestExamples,
    double TestPositiveRate,
    long TrainCutoffSeconds,
    long TestCutoffSeconds,
    InterestStrengthModel Model)
{
    /// <summary>True when the learned model has the lower test log-loss and the higher AUC: then it should be used.</summary>
    public bool LearnedWins => Learned.LogLoss < Raw.LogLoss && Learned.Auc > Raw.Auc;
}
