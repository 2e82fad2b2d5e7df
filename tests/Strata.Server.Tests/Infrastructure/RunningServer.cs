using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Strata.Server.Tests.Infrastructure;

/// <summary>A real server started in-process for one test (its own store and settings), with a client that sends the API key.</summary>
internal sealed record RunningServer(WebApplication App, HttpClient Client) : IAsyncDisposable
{
    /// <summary>
    /// Builds and starts a server; <paramref name="beforeStart"/> may reach into its services first (e.g. to hold its first
    /// fit at a checkpoint). Waits until it is ready unless <paramref name="waitReady"/> is false.
    /// </summary>
    public static async Task<RunningServer> StartAsync(string[] arguments, Action<IServiceProvider>? beforeStart = null, bool waitReady = true,
        Action<StrataServerOptions>? configure = null)
    {
        var app = StrataServer.Build(arguments, configure);
        beforeStart?.Invoke(app.Services);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        if (waitReady) await ServerFixture.WaitReadyAsync(client);
        return new RunningServer(app, client);
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
