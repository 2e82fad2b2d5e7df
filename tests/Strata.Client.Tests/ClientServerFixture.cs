using Microsoft.AspNetCore.Builder;
using Strata.Client.Models;
using Strata.Server;

namespace Strata.Client.Tests;

/// <summary>
/// A real Strata server on a free 127.0.0.1 port over a new, empty SQLite store, filled through the generated client
/// only: a small catalogue of three genres, users who each favour one of them, then a refit. EASE with a fixed λ and a
/// three-node taxonomy keep the fit to seconds (the full model tunes itself and costs a minute on 2 cores).
/// </summary>
public sealed class ClientServerFixture : IAsyncLifetime
{
    public const string ApiKey = "client-test-key-0123456789";

    private WebApplication? _app;
    private readonly TempDirectory _directory = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client that sends the API key.</summary>
    public StrataClient Client { get; private set; } = null!;

    /// <summary>The items put through the client, by genre.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Genres = new Dictionary<string, string[]>
    {
        ["space"] = ["starship crew explores a distant galaxy", "astronauts stranded on a hostile alien planet", "a space station under attack by invaders",
            "robots and androids rebel aboard an orbital colony", "an interstellar war between rival star empires", "first contact with an alien civilisation",
            "a pilot races through an asteroid field", "terraforming mars goes wrong", "a generation ship drifts between stars",
            "time travel paradox aboard a research vessel", "a cyborg bounty hunter in a neon city", "a rogue AI seizes a starship"],
        ["comedy"] = ["a wedding where everything goes hilariously wrong", "two slackers on a chaotic road trip", "a clumsy detective bumbles through a case",
            "roommates prank each other all summer", "a family holiday turns into slapstick chaos", "an office party spirals out of control",
            "a stand-up comic's disastrous first tour", "mistaken identity at a fancy dinner", "a goofy dog wrecks the neighbourhood",
            "awkward teenagers at the school prom", "a con man's silly scheme backfires", "grandparents crash a music festival"],
        ["horror"] = ["a haunted house with a dark secret", "a masked killer stalks a summer camp", "zombies overrun a small town",
            "a cursed videotape kills its viewers", "demonic possession of a young girl", "vampires hunt in the night",
            "a creature lurks in the swamp", "ghosts of an abandoned asylum", "a witch's curse on a remote village",
            "a werewolf terrorises the moors", "a cult performs a blood ritual", "a doll that moves on its own"],
    };

    public static string ItemId(string genre, int index) => $"{genre}-{index:00}";

    /// <summary>Users u-space-1…, u-comedy-1…: each rated the first eight items of their genre highly.</summary>
    public static string UserId(string genre, int index) => $"u-{genre}-{index}";

    public const int UsersPerGenre = 6;

    public const int RatedPerUser = 8;

    public async Task InitializeAsync()
    {
        _app = StrataServer.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Strata:Database={_directory.File("strata.db")}",
            $"--Strata:ApiKey={ApiKey}",
            $"--Strata:Embeddings:VectorCachePath={_directory.File("vectors.db")}",
            "--Strata:Taxonomy:MacroNodes=3",
            "--Strata:Taxonomy:MinMesoPerMacro=1",
            "--Strata:Taxonomy:MaxMesoPerMacro=2",
            "--Strata:Model:Kind=ease",
            "--Strata:Model:EaseLambda=10",
            "--Strata:RateLimit:PermitLimit=0",
        ]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        Client = new StrataClient(BaseAddress, ApiKey);

        var items = Genres.SelectMany(g => g.Value.Select((text, i) => new ItemDto
        {
            Id = ItemId(g.Key, i),
            Title = $"{char.ToUpperInvariant(g.Key[0])}{g.Key[1..]} film {i:00}",
            Categories = [g.Key],
            Text = new ItemDto_text { AdditionalData = new Dictionary<string, object> { ["description"] = text } },
        })).ToList();
        var put = await Client.Api.Items.PutAsync(new PutItemsRequest { Items = items });
        Assert.Equal(items.Count, put!.Upserted);

        var events = new List<EventDto>();
        var day = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var genre in Genres.Keys)
            for (int u = 0; u < UsersPerGenre; u++)
                for (int i = 0; i < RatedPerUser; i++)
                    events.Add(new EventDto
                    {
                        UserId = UserId(genre, u),
                        // Users overlap in what they rated, so the collaborative model has co-occurrences to learn from.
                        ItemId = ItemId(genre, (u + i) % Genres[genre].Length),
                        Type = "rating",
                        Value = 5,
                        Timestamp = day.AddHours(u * 24 + i),
                    });
        var posted = await Client.Api.Events.PostAsync(new PostEventsRequest { Events = events });
        Assert.Equal(events.Count, posted!.Accepted);

        // The store was empty when the server started, so no model serves yet: fit one from what the client sent.
        await using var refit = await Client.Api.Admin.Refit.PostAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClientServerCollection : ICollectionFixture<ClientServerFixture>
{
    public const string Name = "client-server";
}
