using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Strata.Embeddings.Caching;
using Strata.Recommend.Diversity;
using Strata.Recommend.Engine;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata recommend</c>: fits Strata's full model from the store (<see cref="StrataEngine"/>) and prints one user's
/// recommendations, each with its interest path and the user's own events behind it.
/// </summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "External user id.", Required = true };
        var n = new Option<int>("--n") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var diversity = new Option<double>("--diversity")
        {
            Description = "0 = pure score order … 1 = slots strictly proportional to the user's interest strengths.",
            DefaultValueFactory = _ => 0,
        };
        var method = new Option<string>("--diversity-method")
        {
            Description = "proportional (slots across interests) or mmr (maximal marginal relevance over item vectors).",
            DefaultValueFactory = _ => "proportional",
        };
        var embedding = new Option<string>("--embedding-model")
        {
            Description = "Sentence model for item vectors (minilm, arctic-xs), or none (events only).",
            DefaultValueFactory = _ => "minilm",
        };
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var command = new Command("recommend", "Recommend items for a user, each explained by an interest path and the user's own events.");
        foreach (var option in new Option[] { user, n, diversity, method, embedding, database, json }) command.Options.Add(option);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("recommend", async () =>
        {
            var path = parse.GetValue(database)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such store (import a dataset first: strata import …)");
            var count = parse.GetValue(n);
            if (count <= 0) throw new ArgumentException($"--n must be positive, not {count}");
            var strength = parse.GetValue(diversity);
            if (strength is < 0 or > 1) throw new ArgumentException($"--diversity must lie in [0, 1], not {strength.ToString(CultureInfo.InvariantCulture)}");
            var diversityOptions = new DiversityOptions
            {
                Strength = strength,
                Method = parse.GetValue(method)!.Trim().ToLowerInvariant() switch
                {
                    "proportional" => DiversityMethod.Proportional,
                    "mmr" => DiversityMethod.Mmr,
                    var other => throw new ArgumentException($"--diversity-method must be proportional or mmr, not '{other}'"),
                },
            };
            var options = new StrataEngineOptions
            {
                EmbeddingModel = parse.GetValue(embedding)!,
                VectorCachePath = VectorCacheStore.PathBeside(path),
            };
            var userId = parse.GetValue(user)!;
            var asJson = parse.GetValue(json);

            await using var store = SqliteStore.Open(path);
            var clock = Stopwatch.StartNew();
            StrataEngine engine;
            try
            {
                engine = asJson
                    ? await StrataEngine.FitAsync(store, store, options, null, cancellationToken)
                    : await AnsiConsole.Status().StartAsync("fitting", context =>
                        StrataEngine.FitAsync(store, store, options, new Progress<string>(stage => context.Status(Markup.Escape(stage))), cancellationToken));
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException(e.Message, e);
            }
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var known = engine.Users.Contains(userId);
            var recommendations = engine.Recommend(userId, count, diversityOptions);
            if (asJson) Console.WriteLine(ToJson(userId, known, diversityOptions, fitSeconds, recommendations).ToJsonString());
            else Print(userId, known, fitSeconds, engine.HistoryOf(userId).Count, recommendations);
            return 0;
        }));
        return command;
    }

    private static JsonObject ToJson(string user, bool known, DiversityOptions diversity, double fitSeconds, IReadOnlyList<ItemRecommendation> recommendations)
    {
        var items = new JsonArray();
        foreach (var r in recommendations)
        {
            var because = new JsonArray();
            foreach (var b in r.Because)
                because.Add(new JsonObject
                {
                    ["item_id"] = b.ItemId, ["title"] = b.Title, ["event"] = b.EventType,
                    ["timestamp"] = b.Timestamp.UtcDateTime.ToString("O"), ["contribution"] = b.Contribution, ["same_interest"] = b.SameInterest,
                });
            items.Add(new JsonObject
            {
                ["item_id"] = r.ItemId, ["title"] = r.Title, ["score"] = r.Score,
                ["interest"] = new JsonObject { ["macro"] = r.Macro, ["meso"] = r.Meso, ["path"] = r.Path },
                ["because"] = because,
            });
        }
        return new JsonObject
        {
            ["user"] = user,
            ["known_user"] = known,
            ["diversity"] = diversity.Strength,
            ["diversity_method"] = diversity.Method.ToString().ToLowerInvariant(),
            ["fit_seconds"] = Math.Round(fitSeconds, 3),
            ["recommendations"] = items,
        };
    }

    private static void Print(string user, bool known, double fitSeconds, int events, IReadOnlyList<ItemRecommendation> recommendations)
    {
        AnsiConsole.MarkupLine(known
            ? $"Recommendations for user [bold]{Markup.Escape(user)}[/] ({events} events; model fitted in {fitSeconds:F1} s):"
            : $"User [bold]{Markup.Escape(user)}[/] has no events: a cold-start list (model fitted in {fitSeconds:F1} s).");
        var table = new Table().AddColumn("#").AddColumn("item").AddColumn(new TableColumn("score").RightAligned()).AddColumn("interest").AddColumn("because you…");
        for (int r = 0; r < recommendations.Count; r++)
        {
            var item = recommendations[r];
            var because = item.Because.Count == 0 ? "[grey]—[/]" : string.Join("\n", item.Because.Select(b =>
                $"{b.EventType} [italic]{Markup.Escape(b.Title)}[/]{(b.SameInterest ? "" : " [grey](related interest)[/]")}"));
            table.AddRow((r + 1).ToString(CultureInfo.InvariantCulture), $"{Markup.Escape(item.Title)} [grey]({Markup.Escape(item.ItemId)})[/]",
                item.Score.ToString("F3", CultureInfo.InvariantCulture), Markup.Escape(item.Path), because);
        }
        AnsiConsole.Write(table);
    }
}
