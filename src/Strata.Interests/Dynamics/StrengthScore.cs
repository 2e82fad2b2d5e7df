namespace Strata.Interests.Dynamics;

/// <summary>How well a strength predicts next-period engagement: log-loss (lower is better) and AUC (higher is better).</summary>
public sealed record StrengthScore(double LogLoss, double Auc);
