namespace Strata.Interests.Taxonomies;

/// <summary>How the macro level is formed.</summary>
public enum MacroClustering
{
    /// <summary>
    /// Spherical k-means into many fine clusters, then average-linkage agglomeration of those clusters into the macro nodes
    /// (k chosen by silhouette among the nested cuts). Measured on the MIND sample: macro NMI vs categories 0.40–0.43 against
    /// 0.35–0.39 for flat k-means, because merging follows the data's uneven topic sizes instead of k-means' balanced cells.
    /// </summary>
    Agglomerative,
    /// <summary>Flat spherical k-means with k chosen by silhouette.</summary>
    KMeans,
}
