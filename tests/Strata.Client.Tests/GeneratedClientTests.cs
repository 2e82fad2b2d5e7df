using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions;
using Strata.Client.Models;

namespace Strata.Client.Tests;

/// <summary>The generated client against a real server: every call below goes over HTTP to 127.0.0.1.</summary>
[Collection(ClientServerCollection.Name)]
public sealed class GeneratedClientTests(ClientServerFixture server)
{
    private StrataApiClient Api => server.Client.Api;

    [Fact]
    public async Task An_item_put_through_the_client_reads_back_with_its_place_in_the_tree()
    {
        var id = ClientServerFixture.ItemId("horror", 3);
        var item = await Api.Items[id].GetAsync();

        Assert.NotNull(item);
        Assert.Equal(id, item.Item!.Id);
        Assert.Equal("Horror film 03", item.Item.Title);
        Assert.Equal(["horror"], item.Item.Categories!);
        Assert.False(string.IsNullOrWhiteSpace(item.Placement!.Macro));
        Assert.False(string.IsNullOrWhiteSpace(item.Placement.Meso));
        Assert.False(item.Hidden);
    }

    [Fact]
    public async Task Events_posted_twice_under_one_idempotency_key_are_stored_once()
    {
        var request = new PostEventsRequest
        {
            Events =
            [
                new EventDto { UserId = "u-idempotent", ItemId = ClientServerFixture.ItemId("comedy", 1), Type = "click", IdempotencyKey = "client-test-click-1" },
            ],
        };

        var first = await Api.Events.PostAsync(request);
        var second = await Api.Events.PostAsync(request);

        Assert.Equal((1, 0), (first!.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (second!.Accepted, second.Duplicates));
    }

    [Fact]
    public async Task Recommendations_come_with_explanations_and_leave_out_what_the_user_rated()
    {
        var user = ClientServerFixture.UserId("space", 0);
        var recommendations = await Api.Users[user].Recommendations.GetAsync(q => q.QueryParameters.N = "5");

        Assert.NotNull(recommendations);
        Assert.True(recommendations.ModelVersion >= 1);
        Assert.Equal(5, recommendations.Items!.Count);
        var rated = Enumerable.Range(0, ClientServerFixture.RatedPerUser).Select(i => ClientServerFixture.ItemId("space", i)).ToHashSet();
        foreach (var recommendation in recommendations.Items)
        {
            Assert.False(rated.Contains(recommendation.ItemId!), $"{recommendation.ItemId} was rated by the user");
            Assert.False(string.IsNullOrWhiteSpace(recommendation.Title));
            Assert.False(string.IsNullOrWhiteSpace(recommendation.Explanation!.Reason));
            Assert.False(string.IsNullOrWhiteSpace(recommendation.Explanation.Macro));
        }
        // The user rated only space films: the space films they have not seen are what the model has evidence for.
        Assert.StartsWith("space-", recommendations.Items[0].ItemId);
    }

    [Fact]
    public async Task Interests_name_the_users_macro_and_meso_nodes_with_strengths()
    {
        var user = ClientServerFixture.UserId("horror", 2);
        var interests = await Api.Users[user].Interests.GetAsync();

        Assert.NotNull(interests);
        Assert.Equal(user, interests.UserId);
        Assert.Equal(ClientServerFixture.RatedPerUser, interests.Events);
        Assert.NotEmpty(interests.Macro!);
        var strongest = interests.Macro!.MaxBy(m => m.Strength)!;
        Assert.False(string.IsNullOrWhiteSpace(strongest.Label));
        Assert.True(strongest.Strength > 0);
        Assert.NotEmpty(strongest.Meso!);
        Assert.All(strongest.Meso!, meso => Assert.False(string.IsNullOrWhiteSpace(meso.Label)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    public async Task A_bad_parameter_surfaces_as_a_typed_validation_problem_naming_the_field(string n)
    {
        var problem = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() =>
            Api.Users[ClientServerFixture.UserId("comedy", 0)].Recommendations.GetAsync(q => q.QueryParameters.N = n));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Equal(400, problem.Status);
        var errors = problem.FieldErrors();
        Assert.True(errors.ContainsKey("n"), $"no error for 'n' in: {string.Join(", ", errors.Keys)}");
        Assert.NotEmpty(errors["n"]);
    }

    [Fact]
    public async Task A_bad_body_field_is_named_with_its_position_in_the_request()
    {
        var problem = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() => Api.Items.PutAsync(new PutItemsRequest
        {
            Items = [new ItemDto { Id = "ok-1", Title = "Fine" }, new ItemDto { Id = "no-title" }],
        }));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Contains("items[1].title", problem.FieldErrors().Keys);
    }

    [Fact]
    public async Task The_api_key_goes_out_as_the_X_Api_Key_header()
    {
        var seen = new List<string?>();
        using var http = new HttpClient(new RecordingHandler(seen));
        using var client = new StrataClient(server.BaseAddress, ClientServerFixture.ApiKey, http);

        var page = await client.Api.Users.GetAsync(q => q.QueryParameters.N = "3");

        Assert.Equal([ClientServerFixture.ApiKey], seen);
        Assert.Equal(3, page!.Users!.Count);
    }

    [Fact]
    public async Task Without_the_key_personal_reads_and_writes_fail_as_typed_401_problems()
    {
        var seen = new List<string?>();
        using var http = new HttpClient(new RecordingHandler(seen));
        using var anonymous = new StrataClient(server.BaseAddress, apiKey: null, http);

        var write = await Assert.ThrowsAsync<ProblemDetails>(() => anonymous.Api.Items.PutAsync(new PutItemsRequest
        {
            Items = [new ItemDto { Id = "anonymous-1", Title = "Never stored" }],
        }));
        var read = await Assert.ThrowsAsync<ProblemDetails>(() => anonymous.Api.Users[ClientServerFixture.UserId("space", 0)].Interests.GetAsync());

        Assert.Equal(401, write.ResponseStatusCode);
        Assert.Equal(401, read.ResponseStatusCode);
        Assert.All(seen, header => Assert.Null(header));
        // The catalogue stays readable without the key (the server's default).
        Assert.NotNull(await anonymous.Api.Items[ClientServerFixture.ItemId("space", 1)].GetAsync());
    }

    [Fact]
    public async Task The_overview_and_the_taxonomy_read_through_the_client()
    {
        var overview = await Api.Overview.GetAsync();
        var taxonomy = await Api.Taxonomy.GetAsync(q => q.QueryParameters.Samples = "2");

        Assert.Equal(36, overview!.Catalogue!.Items);
        Assert.True(overview.Events!.Total >= ClientServerFixture.Genres.Count * ClientServerFixture.UsersPerGenre * ClientServerFixture.RatedPerUser);
        Assert.Equal(taxonomy!.ModelVersion, overview.Model!.Version);
        Assert.Equal("ease", overview.Model.Kind);
        Assert.Equal(3, taxonomy.Macro!.Count);
        Assert.Equal(36, taxonomy.Macro.Sum(m => m.Size));
        Assert.All(taxonomy.Macro.SelectMany(m => m.Meso!), meso => Assert.InRange(meso.Samples!.Count, 1, 2));
    }

    /// <summary>Records the X-Api-Key header of every request, then sends it on.</summary>
    private sealed class RecordingHandler(List<string?> seen) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.TryGetValues("X-Api-Key", out var values) ? string.Join(",", values) : null);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
