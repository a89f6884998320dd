using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ChatBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;

namespace ChatBot.Bench;

/// <summary>The requests the benchmark sends and how it times them.</summary>
internal static class Load
{
    /// <summary>Each request asks a distinct text, so no figure benefits from the server's question-embedding cache.</summary>
    internal static string Variant(List<string> questions, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{questions[i % questions.Count]} ({i})");

    /// <summary>Questions embedded per second by <paramref name="concurrency"/> callers at once: what /api/ask at the same
    /// concurrency would reach if answering cost nothing but the question's embedding.</summary>
    internal static async Task<double> EncoderThroughputAsync(MiniLmEmbeddingGenerator generator, List<string> questions, int requests, int concurrency, int offset = 9_000_000, int warmUp = 100)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await generator.GenerateVectorAsync(Variant(questions, 8_000_000 + i));
        }

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                await generator.GenerateVectorAsync(Variant(questions, offset + i));
            }
        })));
        return requests / clock.Elapsed.TotalSeconds;
    }

    /// <param name="send">One request; returns its total time and the server's own answering time.</param>
    /// <param name="between">Work done before each request of the measured run and of the warm-up (concurrency 1 only).</param>
    /// <param name="warmUp">Requests sent one at a time before the measured run.</param>
    internal static async Task<(Stats Stats, Stats Server, double PerSecond, (double Total, double Server)[] Samples)> MeasureAsync(
        HttpClient client,
        List<string> questions,
        int requests,
        int concurrency,
        int offset,
        Func<HttpClient, string, Task<(double Total, double Server)>> send,
        Func<int, Task>? between,
        int warmUp = 300)
    {
        // Warm-up long enough for the JIT to promote the tokenizer and model glue to optimised code, as in a serving process.
        for (var i = 0; i < warmUp; i++)
        {
            if (between is not null)
            {
                await between(i);
            }

            await send(client, Variant(questions, offset + requests + i));
        }

        var samples = new (double Total, double Server)[requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                if (between is not null)
                {
                    await between(warmUp + i);
                }

                samples[i] = await send(client, Variant(questions, offset + i));
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        return (Stats.Of(samples.Select(s => s.Total)), Stats.Of(samples.Select(s => s.Server)), requests / elapsed, samples);
    }

    /// <summary>A message through the Bot Framework endpoint with the reply in the response (the Emulator's
    /// expectReplies mode), so the whole turn is timed; the server's answering time is not reported for it.</summary>
    internal static async Task<(double Total, double Server)> TurnOnceAsync(HttpClient client, string question)
    {
        var activity = new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            channelId = "emulator",
            serviceUrl = "http://127.0.0.1:9/",
            deliveryMode = "expectReplies",
            from = new { id = "bench-user" },
            recipient = new { id = "bot" },
            conversation = new { id = Guid.NewGuid().ToString("N") },
            text = question,
        };
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return (clock.Elapsed.TotalMilliseconds, double.NaN);
    }

    internal static async Task<(double Total, double Server)> AskOnceAsync(HttpClient client, string question)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question });
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        var total = clock.Elapsed.TotalMilliseconds;
        var timing = response.Headers.GetValues("Server-Timing").Single();
        return (total, double.Parse(timing[(timing.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture));
    }
}
