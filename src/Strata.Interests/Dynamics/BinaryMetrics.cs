namespace Strata.Interests.Dynamics;

/// <summary>Scores of probabilistic binary predictions.</summary>
public static class BinaryMetrics
{
    /// <summary>Mean negative log-likelihood (natural log); probabilities are clipped to [1e-7, 1 − 1e-7].</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> labels)
    {
        if (probabilities.Length != labels.Length) throw new ArgumentException("One label per prediction.");
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }

    /// <summary>Area under the ROC curve: the probability that a random positive outscores a random negative (ties count half).</summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("One label per score.");
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var copy = scores.ToArray();
        Array.Sort(copy, order);
        // Mann–Whitney U from average ranks, so tied scores share their rank.
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && copy[end + 1] == copy[start]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (labels[order[k]]) { positiveRankSum += rank; positives++; }
            start = end + 1;
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
