using ChatBot.Bench;

// Measures the figures the README quotes, in one run, on this machine. See Bench.cs for what each figure means.
var options = BenchOptions.Parse(args);
return options.SoakMinutes is { } minutes ? await Soak.RunAsync(options, TimeSpan.FromMinutes(minutes)) : await Bench.RunAsync(options);
