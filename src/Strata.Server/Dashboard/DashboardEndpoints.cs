using System.Reflection;

namespace Strata.Server.Dashboard;

/// <summary>
/// Serves the dashboard (HTML, JS, CSS embedded in this assembly under <c>dashboard/</c>) at <c>/dashboard/</c>;
/// <c>/</c> redirects there. No external assets: the page works offline.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Assembly Assembly = typeof(DashboardEndpoints).Assembly;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();
        app.MapGet("/dashboard/{*file}", (string? file, HttpRequest request) =>
            string.IsNullOrEmpty(file)
                // The page loads app.js and app.css relative to itself, so it must be addressed as a folder.
                ? request.Path.Value!.EndsWith('/') ? Serve("index.html") : Results.Redirect("/dashboard/" + request.QueryString)
                : Serve(file)).ExcludeFromDescription();
    }

    private static IResult Serve(string file)
    {
        // Resource names are fixed at build time, so a path cannot escape the embedded set.
        var stream = Assembly.GetManifestResourceStream("dashboard/" + file);
        if (stream is null) return Results.NotFound();
        var contentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, contentType);
    }
}
