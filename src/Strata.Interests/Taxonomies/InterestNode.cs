namespace Strata.Interests.Taxonomies;

/// <summary>
/// One macro or meso node of a <see cref="Taxonomy"/>. Ids are dense: macros are <c>0..MacroCount-1</c>,
/// mesos follow (<c>MacroCount..NodeCount-1</c>), so per-node state can live in flat arrays.
/// </summary>
/// <param name="Id">Dense node id.</param>
/// <param name="Level"><see cref="InterestLevel.Macro"/> or <see cref="InterestLevel.Meso"/>.</param>
/// <param name="ParentId">The macro parent of a meso node; -1 for a macro node.</param>
/// <param name="Label">Human-readable name: the node's most distinctive terms (c-TF-IDF) or a chat model's name.</param>
/// <param name="Terms">The distinctive terms behind the label, most distinctive first.</param>
/// <param name="Size">Number of items under the node.</param>
/// <param name="Centroid">Unit-length mean direction of the node's item vectors (length = <see cref="Taxonomy.Dimensions"/>).</param>
public sealed record InterestNode(int Id, InterestLevel Level, int ParentId, string Label, IReadOnlyList<string> Terms, int Size, float[] Centroid);
