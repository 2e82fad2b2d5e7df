using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strata.Recommend;
using Strata.Recommend.Persistence;

namespace Strata.Engine;

/// <summary>
/// The fitted model saved beside the store (<c>&lt;db&gt;.model</c> by default), so a restart or a CLI call serves it at once instead
/// of fitting for minutes. Written to a temporary file and renamed into place (a crash leaves the old file or none);
/// erasing a user deletes it, because it was fitted on their events.
/// </summary>
public sealed class SavedModels(string? path, ILogger logger)
{
    public bool Enabled => !string.IsNullOrEmpty(path);

    /// <summary>
    /// Deletes temporary files a process killed while saving left beside the model (each as large as a model); returns
    /// how many. A running save of this process is never touched.
    /// </summary>
    public int RemoveLeftovers()
    {
        if (!Enabled) return 0;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path!))!;
        if (!Directory.Exists(directory)) return 0;
        var own = TemporaryPath();
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(path!) + ".*.tmp"))
        {
            if (file == own) continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <summary>The saved model's stamp, or null when there is none this version can read.</summary>
    public ModelStamp? ReadStamp()
    {
        if (!Enabled || !File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path!);
            var json = ModelFile.ReadStamp(stream);
            return json is null ? null : JsonSerializer.Deserialize<ModelStamp>(json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The saved model could not be read; fitting instead");
            return null;
        }
    }

    /// <summary>The saved model, or null (logged) when it cannot be read.</summary>
    public IRecommender? Read(RecommenderData data)
    {
        try
        {
            using var stream = new BufferedStream(File.OpenRead(path!), 1 << 20);
            ModelFile.ReadStamp(stream);
            return ModelFile.ReadModel(stream, data);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The saved model could not be read; fitting instead");
            return null;
        }
    }

    /// <summary>Writes the model to a temporary file beside the target; <see cref="Commit"/> moves it into place.</summary>
    public string? WriteTemporary(IRecommender model, ModelStamp stamp)
    {
        if (!Enabled) return null;
        var temporary = TemporaryPath();
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                ModelFile.Write(stream, model, JsonSerializer.Serialize(stamp));
                stream.Flush(flushToDisk: true);
            }
            return temporary;
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The model could not be saved; a restart will fit again");
            File.Delete(temporary);
            return null;
        }
    }

    private string TemporaryPath() => $"{Path.GetFullPath(path!)}.{Environment.ProcessId}.tmp";

    public void Commit(string temporary) => File.Move(temporary, path!, overwrite: true);

    public void Discard(string? temporary)
    {
        if (temporary is not null) File.Delete(temporary);
    }

    /// <summary>Removes the saved model (a user whose events it learned from was erased).</summary>
    public void Delete()
    {
        if (Enabled) File.Delete(path!);
    }
}
