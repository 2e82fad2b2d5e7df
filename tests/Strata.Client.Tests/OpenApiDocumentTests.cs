using System.Text.Json.Nodes;

namespace Strata.Client.Tests;

/// <summary>The client stays generated from the API the server has: its kept document is what the server serves today.</summary>
[Collection(ClientServerCollection.Name)]
public sealed class OpenApiDocumentTests(ClientServerFixture server)
{
    [Fact]
    public async Task The_kept_openapi_document_matches_what_the_server_serves()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject();
        // The address the document was fetched from is not part of the contract (regenerate.sh drops it too).
        served.Remove("servers");
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "strata.v1.json")));

        Assert.True(JsonNode.DeepEquals(kept, served),
            "clients/openapi/strata.v1.json differs from the server's /openapi/v1.json: the API changed, so run clients/regenerate.sh " +
            "and commit the document with the regenerated client.");
    }
}
