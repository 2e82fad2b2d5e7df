using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Strata.Embeddings;
using Strata.Embeddings.Caching;
using Strata.Engine;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// How CLI commands reach the engine: one options tree bound from <c>appsettings.json</c> (current folder),
/// <c>Strata__X</c> environment variables and the command's flags (mapped to the same keys, flags winning), and the
/// fitted model loaded from beside the store while it still matches, else fitted and saved for the next command.
/// </summary>
internal static class EngineHost
{
    /// <summary>Binds and validates the settings; a bad value is a <see cref="UserError"/> naming its key.</summary>
    /// <param name="settingsFile">A JSON file of <c>Strata:</c> settings layered over appsettings.json and the environment (flags still win), or null.</param>
    public static EngineOptions Options(string database, IReadOnlyDictionary<string, string?>? flags = null, string? settingsFile = null)
    {
        try
        {
            return EngineOptions.Bind(Configuration(database, flags, settingsFile));
        }
        catch (EngineOptionsException e)
        {
            throw new UserError(settingsFile is null ? e.Message : $"{settingsFile}: {e.Message}");
        }
    }

    /// <summary>
    /// The one settings tree: defaults, <c>appsettings.json</c> (current folder), <c>Strata__X</c> environment variables,
    /// then <paramref name="settingsFile"/>, then the command's flags (mapped to the same keys), later sources winning.
    /// </summary>
    /// <exception cref="UserError">The settings file is missing or not JSON.</exception>
    public static IConfiguration Configuration(string database, IReadOnlyDictionary<string, string?>? flags = null, string? settingsFile = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            // The vector cache sits beside the store unless configured, as for the server.
            [$"{EmbeddingOptions.Section}:VectorCachePath"] = VectorCacheStore.PathBeside(Path.GetFullPath(database)),
        };
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(defaults)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (settingsFile is not null)
        {
            if (!File.Exists(settingsFile)) throw new UserError($"{settingsFile}: no such settings file");
            builder.AddJsonFile(Path.GetFullPath(settingsFile), optional: false);
        }
        try
        {
            return builder.AddInMemoryCollection(flags ?? new Dictionary<string, string?>()).Build();
        }
        catch (InvalidDataException e)
        {
            // The message names the file; the inner one says where the JSON breaks.
            throw new UserError(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
    }

    public static StrataEngine Create(EngineOptions options) => new(options, EmbeddingGeneratorFactory.Create(options.Embeddings));

    /// <summary>Where the fitted model is saved: beside the store, where <c>strata serve</c> reads it too.</summary>
    public static string ModelPath(SqliteStore store) => store.Path + ".model";

    /// <summary>
    /// The model saved beside the store when its stamp matches (same settings, catalogue, vectors and log), else a fresh fit,
    /// saved for the next command. Says which, and why a saved model was not used, unless <paramref name="quiet"/>.
    /// </summary>
    public static async Task<FittedModel> LoadOrFitAsync(StrataEngine engine, SqliteStore store, bool refit, bool quiet, CancellationToken cancellationToken)
    {
        var saved = new SavedModels(ModelPath(store), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        FittedModel fitted;
        if (quiet) fitted = await engine.FitAsync(store, store, store, saved, reuseSavedModel: !refit, cancellationToken: cancellationToken);
        // Not a terminal (a pipe, a log, CI): no spinner can be drawn, so each stage is a line on stderr as it starts.
        else if (!AnsiConsole.Profile.Capabilities.Interactive)
            fitted = await engine.FitAsync(store, store, store, saved, reuseSavedModel: !refit, progress: new StageLines(), cancellationToken: cancellationToken);
        else
            fitted = await AnsiConsole.Status().StartAsync("loading", context => engine.FitAsync(store, store, store, saved, reuseSavedModel: !refit,
                progress: new Progress<string>(stage => context.Status(Markup.Escape(stage))), cancellationToken: cancellationToken));
        if (fitted.FromSavedModel)
        {
            if (!quiet && fitted.EventsSinceModel > 0)
                AnsiConsole.MarkupLine($"[grey]The saved model misses {fitted.EventsSinceModel:N0} later events (strata fit, or --refit, brings it up to date).[/]");
            return fitted;
        }
        if (!quiet)
            AnsiConsole.MarkupLine(refit ? "[grey]Fitted afresh (--refit); saved beside the store.[/]"
                : File.Exists(ModelPath(store)) ? "[grey]The saved model no longer matches the store or the settings: fitted afresh and saved.[/]"
                : "[grey]No saved model yet: fitted and saved beside the store (strata fit does this ahead of time).[/]");
        if (saved.WriteTemporary(fitted.Model, fitted.Stamp) is { } temporary) saved.Commit(temporary);
        return fitted;
    }
}

/// <summary>Writes each stage of a fit to stderr at once, in order (stdout stays the command's answer, e.g. its JSON).</summary>
internal sealed class StageLines : IProgress<string>
{
    public void Report(string stage) => Console.Error.WriteLine($"{stage}…");
}
