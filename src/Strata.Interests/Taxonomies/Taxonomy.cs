using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using Strata.Core.Ids;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// The interest tree: macro nodes → meso nodes → items (micro). Immutable once built.
/// Node ids are dense (macros first, then mesos); item indices follow <see cref="Items"/>, the catalogue order the tree was built on.
/// Centroids are kept twice: per node and as contiguous row-major matrices (<see cref="MacroCentroids"/>, <see cref="MesoCentroids"/>)
/// for SIMD scoring. Serialises to bytes (<see cref="ToBytes"/>) for an <c>IArtifactStore</c>.
/// </summary>
public sealed class Taxonomy
{
    private const int FormatMagic = 0x5854_5453; // "STTX"
    private const int FormatVersion = 1;

    private readonly int[] _itemMeso;
    private readonly int[][] _children;

    /// <param name="dimensions">Width of every centroid.</param>
    /// <param name="nodes">Macro nodes first (ids 0..macroCount-1), then meso nodes; <c>nodes[i].Id == i</c>.</param>
    /// <param name="items">External item ids; position = item index.</param>
    /// <param name="itemMeso">The meso node id of each item index.</param>
    /// <param name="version">Store version (0 when not yet saved).</param>
    public Taxonomy(int dimensions, IReadOnlyList<InterestNode> nodes, IdMap items, int[] itemMeso, int version = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (itemMeso.Length != items.Count) throw new ArgumentException("One meso node per item is required.", nameof(itemMeso));
        Dimensions = dimensions;
        Nodes = nodes;
        Items = items;
        Version = version;
        _itemMeso = itemMeso;
        MacroCount = 0;
        while (MacroCount < nodes.Count && nodes[MacroCount].Level == InterestLevel.Macro) MacroCount++;
        MesoCount = nodes.Count - MacroCount;
        MacroCentroids = new float[MacroCount * dimensions];
        MesoCentroids = new float[MesoCount * dimensions];
        var children = new List<int>[MacroCount];
        for (int m = 0; m < MacroCount; m++) children[m] = [];
        for (int id = 0; id < nodes.Count; id++)
        {
            var node = nodes[id];
            if (node.Id != id) throw new ArgumentException($"Node at position {id} has id {node.Id}.", nameof(nodes));
            if (node.Centroid.Length != dimensions) throw new ArgumentException($"Node {id} centroid has {node.Centroid.Length} dimensions, expected {dimensions}.", nameof(nodes));
            if (id < MacroCount)
            {
                node.Centroid.CopyTo(MacroCentroids.AsSpan(id * dimensions));
            }
            else
            {
                if (node.Level != InterestLevel.Meso || node.ParentId < 0 || node.ParentId >= MacroCount)
                    throw new ArgumentException($"Node {id} must be a meso node with a macro parent.", nameof(nodes));
                node.Centroid.CopyTo(MesoCentroids.AsSpan((id - MacroCount) * dimensions));
                children[node.ParentId].Add(id);
            }
        }
        _children = Array.ConvertAll(children, c => c.ToArray());
        for (int i = 0; i < itemMeso.Length; i++)
            if (itemMeso[i] < MacroCount || itemMeso[i] >= nodes.Count)
                throw new ArgumentException($"Item {i} is assigned to {itemMeso[i]}, which is not a meso node.", nameof(itemMeso));
    }

    /// <summary>The artifact-store version this tree was loaded from or saved as (0 when never saved).</summary>
    public int Version { get; }

    /// <summary>Width of the item vectors and centroids.</summary>
    public int Dimensions { get; }

    /// <summary>Macro then meso nodes, position = id.</summary>
    public IReadOnlyList<InterestNode> Nodes { get; }

    /// <summary>External ids of the items the tree was built on; position = item index.</summary>
    public IdMap Items { get; }

    public int MacroCount { get; }
    public int MesoCount { get; }
    public int NodeCount => Nodes.Count;

    /// <summary>Macro centroids, row-major, <c>MacroCount × Dimensions</c>; row m is node m.</summary>
    public float[] MacroCentroids { get; }

    /// <summary>Meso centroids, row-major, <c>MesoCount × Dimensions</c>; row j is node <c>MacroCount + j</c>.</summary>
    public float[] MesoCentroids { get; }

    /// <summary>The unit centroid of any node.</summary>
    public ReadOnlySpan<float> Centroid(int nodeId) => nodeId < MacroCount
        ? MacroCentroids.AsSpan(nodeId * Dimensions, Dimensions)
        : MesoCentroids.AsSpan((nodeId - MacroCount) * Dimensions, Dimensions);

    /// <summary>The meso node ids under a macro node.</summary>
    public ReadOnlySpan<int> Children(int macroId) => _children[macroId];

    /// <summary>The path of an item index.</summary>
    public TaxonomyPath PathOf(int item)
    {
        var meso = _itemMeso[item];
        return new TaxonomyPath(Nodes[meso].ParentId, meso);
    }

    /// <summary>The meso node of every item index.</summary>
    public ReadOnlySpan<int> ItemMeso => _itemMeso;

    /// <summary>
    /// Places a new item from its vector alone: the nearest macro centroid, then the nearest meso centroid under it
    /// (the same rule the builder's final assignment uses), so new items need no rebuild.
    /// </summary>
    public TaxonomyPath Place(ReadOnlySpan<float> itemVector)
    {
        if (itemVector.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {itemVector.Length}.", nameof(itemVector));
        int macro = 0;
        float best = float.NegativeInfinity;
        for (int m = 0; m < MacroCount; m++)
        {
            var score = TensorPrimitives.Dot(MacroCentroids.AsSpan(m * Dimensions, Dimensions), itemVector);
            if (score > best) { best = score; macro = m; }
        }
        int meso = -1;
        best = float.NegativeInfinity;
        foreach (var child in _children[macro])
        {
            var score = TensorPrimitives.Dot(Centroid(child), itemVector);
            if (score > best) { best = score; meso = child; }
        }
        return new TaxonomyPath(macro, meso);
    }

    /// <summary>A copy carrying the store version it was saved as.</summary>
    public Taxonomy WithVersion(int version) => new(Dimensions, Nodes, Items, _itemMeso, version);

    /// <summary>A short content hash (structure, labels, assignments, centroids): equal trees have equal fingerprints.</summary>
    public string Fingerprint()
    {
        var bytes = ToBytes();
        // The version is store metadata, not content: hash everything after the header's version field.
        return Convert.ToHexString(SHA256.HashData(bytes.AsSpan(12)))[..16].ToLowerInvariant();
    }

    /// <summary>Binary form: header, nodes (level, parent, size, label, terms, centroid), item ids and their meso ids. Little-endian.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatMagic);
            writer.Write(FormatVersion);
            writer.Write(Version);
            writer.Write(Dimensions);
            writer.Write(Nodes.Count);
            foreach (var node in Nodes)
            {
                writer.Write((byte)node.Level);
                writer.Write(node.ParentId);
                writer.Write(node.Size);
                writer.Write(node.Label);
                writer.Write(node.Terms.Count);
                foreach (var term in node.Terms) writer.Write(term);
                foreach (var x in node.Centroid) writer.Write(x);
            }
            writer.Write(Items.Count);
            for (int i = 0; i < Items.Count; i++)
            {
                writer.Write(Items[i]);
                writer.Write(_itemMeso[i]);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Reads <see cref="ToBytes"/> output. <paramref name="version"/> overrides the stored version (the store's number wins).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a taxonomy of a known format version.</exception>
    public static Taxonomy FromBytes(ReadOnlySpan<byte> data, int? version = null)
    {
        if (data.Length < 20 || BinaryPrimitives.ReadInt32LittleEndian(data) != FormatMagic)
            throw new InvalidDataException("Not a Strata taxonomy artifact.");
        if (BinaryPrimitives.ReadInt32LittleEndian(data[4..]) != FormatVersion)
            throw new InvalidDataException($"Unsupported taxonomy format version {BinaryPrimitives.ReadInt32LittleEndian(data[4..])}.");
        using var reader = new BinaryReader(new MemoryStream(data.ToArray()), Encoding.UTF8);
        try
        {
            reader.ReadInt32();
            reader.ReadInt32();
            var storedVersion = reader.ReadInt32();
            var dimensions = reader.ReadInt32();
            var nodeCount = reader.ReadInt32();
            var nodes = new InterestNode[nodeCount];
            for (int id = 0; id < nodeCount; id++)
            {
                var level = (InterestLevel)reader.ReadByte();
                var parent = reader.ReadInt32();
                var size = reader.ReadInt32();
                var label = reader.ReadString();
                var terms = new string[reader.ReadInt32()];
                for (int t = 0; t < terms.Length; t++) terms[t] = reader.ReadString();
                var centroid = new float[dimensions];
                for (int d = 0; d < dimensions; d++) centroid[d] = reader.ReadSingle();
                nodes[id] = new InterestNode(id, level, parent, label, terms, size, centroid);
            }
            var itemCount = reader.ReadInt32();
            var items = new IdMap(itemCount);
            var itemMeso = new int[itemCount];
            for (int i = 0; i < itemCount; i++)
            {
                items.GetOrAdd(reader.ReadString());
                itemMeso[i] = reader.ReadInt32();
            }
            return new Taxonomy(dimensions, nodes, items, itemMeso, version ?? storedVersion);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Truncated taxonomy artifact.", e);
        }
    }
}
