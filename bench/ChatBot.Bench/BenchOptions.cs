namespace ChatBot.Bench;

/// <summary>Command-line settings of the benchmark.</summary>
/// <param name="SoakMinutes">When set, the soak test runs for that long instead of the benchmark (<c>--soak N</c>).</param>
/// <param name="ThroughputOnly">When set, only the throughput comparison runs (<c>--throughput</c>).</param>
/// <param name="Llm">When set, only the language-model measures run, against a stand-in model (<c>--llm</c>).</param>
/// <param name="Scale">When set, the scale benchmark runs at these passage counts instead (<c>--scale 1000,10000</c>).</param>
internal sealed record BenchOptions(int Requests, int CorpusCopies, string Root, double? SoakMinutes = null, IReadOnlyList<int>? Scale = null, bool ThroughputOnly = false, bool Llm = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var requests = 400;
        var copies = 10;
        double? soak = null;
        IReadOnlyList<int>? scale = null;
        var throughput = args.Contains("--throughput");
        var llm = args.Contains("--llm");
        args = [.. args.Where(a => a is not ("--throughput" or "--llm"))];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--soak":
                    soak = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--scale":
                    scale = [.. args[i + 1].Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];
                    break;
                case "--requests":
                    requests = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--corpus-copies":
                    copies = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; use --requests N, --corpus-copies N, --soak MINUTES, --scale N,N,…, --throughput or --llm.");
            }
        }

        return new BenchOptions(requests, copies, FindRoot(), soak, scale, throughput, llm);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from the repository's build output.");
    }
}
