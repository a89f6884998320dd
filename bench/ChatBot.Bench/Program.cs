using ChatBot.Bench;
using ChatBot.Bench.Llm;
using ChatBot.Bench.Scale;

// Measures the figures the README quotes, in one run, on this machine. See Bench.cs for what each figure means.
if (args.Length > 0 && args[0] == ScaleWorker.Flag)
{
    return await ScaleWorker.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args[4] == "exact");
}

var options = BenchOptions.Parse(args);
return options.Scale is { } sizes ? await ScaleBench.RunAsync(options, sizes)
    : options.ThroughputOnly ? await Throughput.RunAsync(options)
    : options.Llm ? await LlmBench.RunAsync(options)
    : options.SoakMinutes is { } minutes ? await Soak.RunAsync(options, TimeSpan.FromMinutes(minutes))
    : await Bench.RunAsync(options);
