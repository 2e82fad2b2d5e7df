using Strata.Engine;
using System.CommandLine;
using System.Globalization;
using ScottPlot;
using Spectre.Console;
using Strata.Embeddings;
using Strata.Interests.Dynamics;
using Strata.Interests.Explanations;
using Strata.Interests.Fitting;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata profile</c>: a user's interest tree rebuilt from the event log (strengths, probabilities, trends, the events behind
/// each node), or with <c>--text</c> the tree a sentence alone implies. A Spectre.Console tree with bars, JSON with <c>--json</c>,
/// and a PNG of the per-level distributions with <c>--plot</c>.
/// </summary>
internal static class ProfileCommand
{
    private const int BarWidth = 12;

    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var user = new Option<string?>("--user") { Description = "External user id whose profile to show." };
        var text = new Option<string?>("--text") { Description = "Cold start: a sentence to turn into a profile (no events needed)." };
        var at = new Option<string?>("--at") { Description = "Time to describe (ISO 8601 date/time or unix seconds; default: the user's latest event)." };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG chart of the per-level distributions to this file." };
        var top = new Option<int>("--top") { Description = "Nodes shown per level (tree) or kept (JSON).", DefaultValueFactory = _ => 6 };
        var model = new Option<string>("--model") { Description = "Sentence encoder for --text (must match the one used by fit).", DefaultValueFactory = _ => "minilm" };
        var command = new Command("profile", "Show a user's interest tree (or the one a sentence implies), with the events behind it.");
        foreach (var option in (Option[])[database, json, user, text, at, plot, top, model]) command.Options.Add(option);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("profile", async () =>
        {
            var userId = parse.GetValue(user);
            var sentence = parse.GetValue(text);
            if ((userId is null) == (sentence is null)) throw new UserError("give exactly one of --user ID or --text \"…\"");
            var asJson = parse.GetValue(json);
            var dbPath = parse.GetValue(database)!;
            await using var store = FitCommand.OpenExisting(dbPath);
            var (taxonomy, items, engine) = await FitCommand.LoadTaxonomyAsync(store, dbPath, !asJson, cancellationToken);
            var titles = new Dictionary<string, string>(items.Count, StringComparer.Ordinal);
            foreach (var item in items) titles[item.Id] = item.Title;

            InterestSnapshot snapshot;
            if (sentence is not null)
            {
                // People's own words stay off disk: no vector cache for free text.
                using var generator = EmbeddingGeneratorFactory.Create(parse.GetValue(model)!);
                snapshot = await TextProfile.FromTextAsync(generator, taxonomy, sentence, cancellationToken: cancellationToken);
            }
            else
            {
                var events = await EventTableLoader.ReadAsync(store, taxonomy.Items, cancellationToken);
                var profiles = ProfileSet.Rebuild(events, taxonomy, engine.Options.Interests, engine.Weights);
                var profile = profiles.Find(userId!);
                if (profile is null || profile.EventCount == 0)
                    throw new UserError($"user '{userId}' has no events on catalogue items in {dbPath}");
                var time = ParseTime(parse.GetValue(at));
                snapshot = profile.Snapshot(userId, time);
                if (await store.LoadArtifactAsync(InterestStrengthModel.ArtifactName, cancellationToken: cancellationToken) is { } saved)
                    snapshot = snapshot.WithEngagement(InterestStrengthModel.FromBytes(saved.Data).Predict(profile, snapshot.AtSeconds));
            }
            if (parse.GetValue(plot) is { } file) Plot(snapshot, file, parse.GetValue(top));
            if (asJson) Console.WriteLine(InterestExplanation.ToJson(snapshot, taxonomy, titles, parse.GetValue(top)).ToJsonString(InterestExplanation.JsonOptions));
            else
            {
                AnsiConsole.Write(ToTree(snapshot, taxonomy, titles, parse.GetValue(top), sentence));
                if (parse.GetValue(plot) is { } written) AnsiConsole.MarkupLine($"[grey]Chart: {Markup.Escape(written)}[/]");
            }
            return 0;
        }));
        return command;
    }

    private static long? ParseTime(string? value)
    {
        if (value is null) return null;
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time.ToUnixTimeSeconds();
        throw new UserError($"--at: '{value}' is neither an ISO 8601 time nor unix seconds");
    }

    private static Tree ToTree(InterestSnapshot snapshot, Taxonomy taxonomy, IReadOnlyDictionary<string, string> titles, int top, string? sentence)
    {
        var header = sentence is not null
            ? $"[bold]Interests implied by[/] \"{Markup.Escape(sentence)}\""
            : $"[bold]User {Markup.Escape(snapshot.User ?? "")}[/]: {snapshot.Events} events, as of {DateTimeOffset.FromUnixTimeSeconds(snapshot.AtSeconds):yyyy-MM-dd}";
        var tree = new Tree(header);
        foreach (var macro in snapshot.Macro.Take(top))
        {
            var branch = tree.AddNode(Line(macro, bold: true));
            AddEvents(branch, macro, taxonomy, titles, onlyWhenLeaf: true);
            foreach (var meso in snapshot.Meso.Where(m => m.ParentId == macro.NodeId).Take(Math.Max(1, top / 2)))
            {
                var leaf = branch.AddNode(Line(meso, bold: false));
                AddEvents(leaf, meso, taxonomy, titles, onlyWhenLeaf: false);
            }
        }
        var emerging = snapshot.Emerging.Take(3).Select(n => n.Label).ToArray();
        var fading = snapshot.Fading.Take(3).Select(n => n.Label).ToArray();
        if (emerging.Length > 0) tree.AddNode($"[green]emerging:[/] {Markup.Escape(string.Join("; ", emerging))}");
        if (fading.Length > 0) tree.AddNode($"[red]fading:[/] {Markup.Escape(string.Join("; ", fading))}");
        return tree;
    }

    private static string Line(NodeInterest node, bool bold)
    {
        var filled = (int)Math.Round(node.Probability * BarWidth);
        var bar = new string('█', Math.Clamp(filled, 0, BarWidth)) + new string('░', BarWidth - Math.Clamp(filled, 0, BarWidth));
        var trend = node.Direction switch
        {
            InterestTrend.Emerging => "[green]↑[/]",
            InterestTrend.Fading => "[red]↓[/]",
            _ => "[grey]→[/]",
        };
        var label = bold ? $"[bold yellow]{Markup.Escape(node.Label)}[/]" : Markup.Escape(node.Label);
        var engagement = node.Engagement is { } e ? $" · next {e:P0}" : "";
        var evidence = node.Events > 0 ? $"{node.Events} ev" : node.Strength != 0 ? $"cos {node.Strength:F2}" : "no events";
        return $"{label} [blue]{bar}[/] {node.Probability:P1} {trend} [grey]{evidence}{engagement}[/]";
    }

    private static void AddEvents(TreeNode parent, NodeInterest node, Taxonomy taxonomy, IReadOnlyDictionary<string, string> titles, bool onlyWhenLeaf)
    {
        if (onlyWhenLeaf) return;
        foreach (var e in node.TopEvents)
        {
            var id = taxonomy.Items[e.Item];
            var title = titles.TryGetValue(id, out var t) ? t : id;
            var value = float.IsNaN(e.Value) ? "" : $" {e.Value:0.#}";
            parent.AddNode($"[grey]{Markup.Escape(title)} ({Core.Domain.EventTypes.Name(e.Type)}{value}, {DateTimeOffset.FromUnixTimeSeconds(e.Seconds):yyyy-MM-dd})[/]");
        }
    }

    /// <summary>Horizontal bars of P(h | level): the macro level, then the most probable meso nodes.</summary>
    private static void Plot(InterestSnapshot snapshot, string file, int top)
    {
        var macros = snapshot.Macro.Take(top).ToArray();
        var mesos = snapshot.Meso.Take(top * 2).ToArray();
        var plot = new Plot();
        var positions = new List<double>();
        var labels = new List<string>();
        var bars = new List<Bar>();
        double y = 0;
        foreach (var (nodes, color) in new[] { (mesos, Colors.SteelBlue), (macros, Colors.DarkOrange) })
        {
            foreach (var node in nodes.Reverse())
            {
                bars.Add(new Bar { Position = y, Value = node.Probability, FillColor = color });
                positions.Add(y);
                labels.Add(node.Label);
                y++;
            }
            y += 1;
        }
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        plot.Axes.Left.SetTicks([.. positions], [.. labels]);
        plot.Axes.Margins(left: 0);
        plot.Title(snapshot.User is { } u ? $"User {u}: P(h | level) — orange macro, blue meso" : "Text profile: P(h | level) — orange macro, blue meso");
        plot.XLabel("probability");
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null) Directory.CreateDirectory(directory);
        plot.SavePng(file, 1100, 40 * bars.Count + 160);
    }
}
