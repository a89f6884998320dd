using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Answering;

namespace ChatBot.Bench.Llm;

/// <summary>
/// <c>--llm</c>: what the bot adds around a language model, against <see cref="ModelStandIn"/> (no delay of its own).
/// The pipeline's own cost per question is the LLM-mode server's answering time (Server-Timing) less the stand-in's
/// time for the request and less the same question's answering time on a server without a model: what prompt,
/// connector, verification and formatting add. Streams: from the moment the stand-in emits its first token to the
/// moment the first piece of text reaches an SSE client of <c>/api/ask</c> and a Direct Line WebSocket client.
/// Questions are asked one at a time so each measure sees one request; only those the model answered (verified,
/// <c>aiGenerated</c>) count.
/// </summary>
internal static class LlmBench
{
    private const int WarmUp = 30;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var questions = await Bench.QuestionsAsync(options.Root);
        var count = Math.Min(options.Requests, 300);
        await using var model = await ModelStandIn.StartAsync();
        using var work = new TempDirectory();
        await using var quoted = await ServerProcess.StartAsync(options.Root, Path.Combine(work.Path, "quoted.snapshot"));
        await using var llm = await ServerProcess.StartAsync(options.Root, Path.Combine(work.Path, "llm.snapshot"),
            "Llm:Provider=OpenAI", $"Llm:Endpoint={model.BaseAddress}v1", "Llm:Model=bench");
        using var quotedClient = new HttpClient { BaseAddress = quoted.BaseAddress };
        using var llmClient = new HttpClient { BaseAddress = llm.BaseAddress };

        var cost = await OwnCostAsync(model, quotedClient, llmClient, questions, count);
        var sse = await SseFirstChunkAsync(model, llmClient, questions, count);
        var directLine = await DirectLineFirstChunkAsync(model, llmClient, questions, count);

        Console.WriteLine($"LLM path's added time per answer, beyond the model's (stand-in's) own             {cost.Added}");
        Console.WriteLine($"  of which the sentence model reading the answer's claims for verification       {cost.Encoding}");
        Console.WriteLine($"  the rest: prompt, connector, verification checks, formatting                   {cost.Own}");
        Console.WriteLine($"model's first token -> first chunk at an SSE client of /api/ask                    {sse}");
        Console.WriteLine($"model's first token -> first chunk at a Direct Line WebSocket client                {directLine}");
        var met = Bench.Check($"pipeline's own cost (prompt, connector, checks, formatting) p50 {cost.Own.P50:F2} ms < 5 ms", cost.Own.P50 < 5);
        met &= Bench.Check($"first chunk at the SSE client p50 {sse.P50:F2} ms, p95 {sse.P95:F2} ms within 50 ms of the first token", sse.P95 <= 50);
        met &= Bench.Check($"first chunk at the Direct Line WebSocket client p50 {directLine.P50:F2} ms, p95 {directLine.P95:F2} ms within 50 ms of the first token", directLine.P95 <= 50);
        return met ? 0 : 1;
    }

    /// <returns>What the model path adds to an answer beyond the model's own time, and of that the sentence model's
    /// reading of the claims.</returns>
    private static async Task<(Stats Added, Stats Encoding, Stats Own)> OwnCostAsync(ModelStandIn model, HttpClient quoted, HttpClient llm, List<string> questions, int count)
    {
        var added = new List<double>();
        var encoding = new List<double>();
        for (var i = 0; i < count + WarmUp; i++)
        {
            var question = Load.Variant(questions, 7_000_000 + i);
            var (_, withoutModel) = await AskAsync(quoted, question);
            var before = model.Requests;
            var (answer, withModel) = await AskAsync(llm, question);
            if (i >= WarmUp && model.Requests == before + 1 && (bool)answer["aiGenerated"]!)
            {
                var encoded = withModel.GetValueOrDefault(AnswerTimings.VerifyEncode);
                added.Add(withModel["answer"] - model.LastHandlingMilliseconds - withoutModel["answer"]);
                encoding.Add(encoded);
            }
        }

        return (Stats.Of(added), Stats.Of(encoding), Stats.Of(added.Zip(encoding, (a, e) => a - e)));
    }

    /// <returns>The answer and the server's timings by step ("answer", "llm", "verify-encode").</returns>
    private static async Task<(JsonNode Answer, Dictionary<string, double> Timings)> AskAsync(HttpClient client, string question)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question });
        response.EnsureSuccessStatusCode();
        var timings = response.Headers.GetValues("Server-Timing").Single().Split(',', StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(";dur="))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        return ((await response.Content.ReadFromJsonAsync<JsonNode>())!, timings);
    }

    private static async Task<Stats> SseFirstChunkAsync(ModelStandIn model, HttpClient client, List<string> questions, int count)
    {
        var samples = new List<double>();
        for (var i = 0; i < count + WarmUp; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = Load.Variant(questions, 7_100_000 + i) }) };
            request.Headers.Accept.ParseAdd("text/event-stream");
            var since = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            long firstDelta = 0;
            var written = false;
            await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            {
                if (item.EventType == "delta" && firstDelta == 0)
                {
                    firstDelta = Stopwatch.GetTimestamp();
                }
                else if (item.EventType == "answer")
                {
                    written = (bool)JsonNode.Parse(item.Data)!["aiGenerated"]!;
                }
            }

            if (i >= WarmUp && written && model.LastFirstToken > since)
            {
                samples.Add(Stopwatch.GetElapsedTime(model.LastFirstToken, firstDelta).TotalMilliseconds);
            }
        }

        return Stats.Of(samples);
    }

    private static async Task<Stats> DirectLineFirstChunkAsync(ModelStandIn model, HttpClient client, List<string> questions, int count)
    {
        var samples = new List<double>();
        var asked = 0;
        while (asked < count + WarmUp)
        {
            // A conversation asks fewer questions than its rate limit allows.
            await using var conversation = await DirectLineConversation.StartAsync(client);
            for (var i = 0; i < 20 && asked < count + WarmUp; i++, asked++)
            {
                // A conversation's later questions may be rewritten first (a call that streams nothing): what counts is
                // that this answer was streamed by the model.
                var since = Stopwatch.GetTimestamp();
                var (firstChunk, written) = await conversation.AskAsync(Load.Variant(questions, 7_200_000 + asked));
                if (asked >= WarmUp && written && model.LastFirstToken > since)
                {
                    samples.Add(Stopwatch.GetElapsedTime(model.LastFirstToken, firstChunk).TotalMilliseconds);
                }
            }
        }

        return Stats.Of(samples);
    }
}
