using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests.Infrastructure;

/// <summary>
/// One real server for the API and dashboard tests: Kestrel in-process on a free 127.0.0.1 port, over a fresh SQLite
/// store holding ml-100k, fitted once and shared (xunit collection fixture).
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Directory { get; } = TempDirectory.UntilExit();

    public string Database { get; private set; } = "";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client without an API key (reads, and the 401 checks).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Writer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestData.ImportMovieLens100kAsync(Directory);
        _app = StrataServer.Build(TestData.ServerArguments(Database));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Writer = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Writer.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        await WaitReadyAsync(Anonymous);
    }

    public static async Task WaitReadyAsync(HttpClient client)
    {
        // A guard against a server that never gets ready, not a timing bar: the full model fits for minutes on a busy 2-core host.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The server never became ready: " + await client.GetStringAsync("/health/ready"));
    }

    /// <summary>A read-only view of the server's store file (WAL lets it read while the server writes).</summary>
    public SqliteStore OpenStore() => SqliteStore.Open(Database);

    public async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        Writer?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
