using System.Text;
using Strata.Recommend.Persistence.Formats;

namespace Strata.Recommend.Persistence;

/// <summary>
/// A fitted model as bytes, so a restarted server serves the model it fitted instead of fitting for minutes: Strata's full
/// model (every signal, the rankers and their selection) and the baselines the server offers (EASE/EDLAE, item-kNN, BPR,
/// popularity, trending, content). Item vectors are not written — the reader takes them from the <see cref="RecommenderData"/> it
/// is given, as the fit did — and neither are EASE's kept training sums (a server never asks as a training user).
/// Little-endian arrays, a format version and a caller's stamp (what the model was fitted from) up front. Each kind has its
/// own format (<see cref="IModelFormat"/>, in <see cref="Formats"/>), named in the file by its tag: saving a new kind is
/// one format added there.
/// </summary>
public static class ModelFile
{
    private const string Magic = "strata-model";
    private const int FormatVersion = 5;

    /// <summary>Writes <paramref name="model"/> with <paramref name="stamp"/>; throws <see cref="NotSupportedException"/> for a model it cannot write.</summary>
    public static void Write(Stream stream, IRecommender model, string stamp)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(stamp);
        WriteModel(writer, model);
    }

    /// <summary>The stamp of a model file, or null when the stream is not one this version can read.</summary>
    public static string? ReadStamp(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return reader.ReadString() == Magic && reader.ReadInt32() == FormatVersion ? reader.ReadString() : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/> (after its stamp was read with <see cref="ReadStamp"/>).</summary>
    public static IRecommender ReadModel(Stream stream, RecommenderData data)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return ReadModel(reader, data);
    }

    /// <summary>One format per kind of model that can be saved.</summary>
    public static IReadOnlyList<IModelFormat> Formats { get; } =
    [
        new StrataFormat(), new EaseFormat(), new ItemKnnFormat(), new BprFormat(), new ImplicitAlsFormat(),
        new SequentialFormat(), new ContentFormat(), new MostPopularFormat(), new TrendingFormat(),
    ];

    private static readonly Dictionary<string, IModelFormat> ByKind = Formats.ToDictionary(f => f.Kind, StringComparer.Ordinal);

    /// <summary>Writes the model's format tag, then the model in that format (also for a model nested in another's).</summary>
    /// <exception cref="NotSupportedException">No format writes this model.</exception>
    internal static void WriteModel(BinaryWriter writer, IRecommender model)
    {
        var format = Formats.FirstOrDefault(f => f.Writes(model))
                     ?? throw new NotSupportedException($"Model '{model.Name}' ({model.GetType().Name}) cannot be saved.");
        writer.Write(format.Kind);
        format.Write(writer, model);
    }

    internal static IRecommender ReadModel(BinaryReader reader, RecommenderData data)
    {
        var kind = reader.ReadString();
        return ByKind.TryGetValue(kind, out var format)
            ? format.Read(reader, data)
            : throw new InvalidDataException($"Unknown model kind '{kind}' in the model file.");
    }
}
