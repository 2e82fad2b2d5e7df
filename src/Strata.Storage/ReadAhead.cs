using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Strata.Storage;

/// <summary>
/// Enumerates a sequence on a background thread, handing it over in chunks, so that producing (parsing a dataset) and
/// consuming (writing it to the store) overlap on two cores. Order is kept; an exception from the source is rethrown
/// to the consumer unchanged (same type, original stack), and abandoning the enumeration stops the producer and waits
/// for it, so the source is never enumerated after the consumer is done.
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T[]> InChunks<T>(IEnumerable<T> source, int chunkSize, int chunksAhead, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<T[]>(chunksAhead);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                var chunk = new List<T>(chunkSize);
                foreach (var value in source)
                {
                    chunk.Add(value);
                    if (chunk.Count < chunkSize) continue;
                    queue.Add([.. chunk], stop.Token);
                    chunk.Clear();
                }
                if (chunk.Count > 0) queue.Add([.. chunk], stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early; it rethrows its own reason.
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None);

        try
        {
            foreach (var chunk in queue.GetConsumingEnumerable(cancellationToken)) yield return chunk;
            producer.Wait(CancellationToken.None);
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            producer.Wait(CancellationToken.None);
        }
    }
}
