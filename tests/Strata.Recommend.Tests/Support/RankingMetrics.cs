namespace Strata.Recommend.Tests.Support;

/// <summary>
/// A tiny independent implementation of Microsoft Recommenders' ranking metrics at k (binary relevance):
/// precision = hits/k, recall = hits/|rel|, nDCG with IDCG over min(k, |rel|), MAP = Σ_hits (hit#/rank)/|rel|.
/// </summary>
public sealed record RankingMetrics(double Precision, double Recall, double Ndcg, double Map)
{
    public static RankingMetrics Evaluate(IRecommender model, UserHistory[] histories, HashSet<int>[] relevant, int items, int k)
    {
        double precision = 0, recall = 0, ndcg = 0, map = 0;
        int users = 0;
        for (int u = 0; u < histories.Length; u++)
        {
            if (relevant[u].Count == 0) continue;
            users++;
            var top = model.Recommend(histories[u], k, items);
            double hits = 0, dcg = 0, ap = 0, idcg = 0;
            for (int rank = 0; rank < top.Length; rank++)
            {
                if (!relevant[u].Contains(top[rank].Item)) continue;
                hits++;
                dcg += 1 / Math.Log(rank + 2);
                ap += hits / (rank + 1);
            }
            for (int rank = 0; rank < Math.Min(k, relevant[u].Count); rank++) idcg += 1 / Math.Log(rank + 2);
            precision += hits / k;
            recall += hits / relevant[u].Count;
            ndcg += dcg / idcg;
            map += ap / relevant[u].Count;
        }
        return new RankingMetrics(precision / users, recall / users, ndcg / users, map / users);
    }
}
