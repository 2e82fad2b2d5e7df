using Strata.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Server.Serving;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

public sealed class SavedModelFilesTests
{
    /// <summary>A save killed midway leaves a temporary file as large as a model: the next start removes it, and only it.</summary>
    [Fact]
    public void Leftovers_of_interrupted_saves_are_removed_and_nothing_else()
    {
        var directory = TempDirectory.UntilExit();
        var model = Path.Combine(directory, "strata.db.model");
        string[] leftovers = [model + ".4242.tmp", model + ".77.tmp"];
        string[] kept = [model, Path.Combine(directory, "strata.db"), Path.Combine(directory, "other.db.model.1.tmp")];
        foreach (var file in leftovers.Concat(kept)) File.WriteAllText(file, "x");

        Assert.Equal(2, new SavedModels(model, NullLogger.Instance).RemoveLeftovers());
        Assert.All(leftovers, file => Assert.False(File.Exists(file)));
        Assert.All(kept, file => Assert.True(File.Exists(file)));
        Assert.Equal(0, new SavedModels("", NullLogger.Instance).RemoveLeftovers());
        Directory.Delete(directory, recursive: true);
    }
}
