using Microsoft.Extensions.Options;

namespace Strata.Server.Serving;

/// <summary>
/// At start serves the saved model when it still matches the store, else fits one (profiles are rebuilt from the log
/// either way), and refits at once in the background when the log has grown since the saved fit; then refits on
/// <see cref="StrataServerOptions.RefitInterval"/> (in a cluster, every silo's timer asks the cluster's refit grain, which
/// fits about once per interval for all of them).
/// </summary>
internal sealed class RefitService(ServingHost serving, IOptions<StrataServerOptions> options, TimeProvider time, ILogger<RefitService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let Kestrel start listening first: liveness answers while the first fit runs, readiness says 503 until it is done.
        await Task.Yield();
        await LoggingErrorsAsync(() => serving.RefitAsync(stoppingToken, reuseSavedModel: true), stoppingToken);
        // A saved model serves at once; when the log has grown since it was fitted, a fresh one follows in the background
        // (a restart still brings the model up to date, as it did when every start fitted).
        // Not in a cluster: a silo must serve the model the cluster published, so it waits for the cluster's next refit.
        if (serving.Current is { FromSavedModel: true, EventsSinceModel: > 0 } state && !serving.HasPeers)
        {
            logger.LogInformation("The saved model misses {Events} events of the log; refitting in the background", state.EventsSinceModel);
            await LoggingErrorsAsync(() => serving.RefitAsync(stoppingToken), stoppingToken);
        }
        var interval = options.Value.RefitInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await LoggingErrorsAsync(() => serving.RefitOnScheduleAsync(interval, stoppingToken), stoppingToken);
    }

    private async Task LoggingErrorsAsync(Func<Task> refit, CancellationToken stoppingToken)
    {
        try
        {
            await refit();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The previous model (if any) keeps serving; readiness reports the error until a refit succeeds.
            logger.LogError(e, "Refit failed");
        }
    }
}
