using ChatBot.Knowledge.Index;
using ChatBot.Server.Hosting;

namespace ChatBot.Server.Cli;

/// <summary>The verbs of the program. <c>serve</c> is the default.</summary>
internal enum Verb
{
    Serve,
    Ingest,
    Ask,
    Eval,
    Fit,
    TeamsPackage,
    Feedback,
    Help,
}

/// <summary>A parsed command line: the verb, its own arguments, and the rest, which go to the host (e.g. <c>--urls</c>).</summary>
internal sealed record CommandLine(Verb Verb, IReadOnlyList<string> VerbArgs, string[] HostArgs)
{
    public const string Rebuild = "--rebuild";

    public static CommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help"))
        {
            return new CommandLine(Verb.Serve, [.. args.Where(a => a == Rebuild)], [.. args.Where(a => a != Rebuild)]);
        }

        var verb = args[0].ToLowerInvariant() switch
        {
            "serve" => Verb.Serve,
            "ingest" => Verb.Ingest,
            "ask" => Verb.Ask,
            "eval" => Verb.Eval,
            "fit" => Verb.Fit,
            "teams-package" => Verb.TeamsPackage,
            "feedback" => Verb.Feedback,
            _ => Verb.Help,
        };

        // Verb arguments are the words after the verb up to the first host option; "--rebuild" belongs to the verb.
        var rest = args.Skip(1).ToList();
        var options = TakeOptions(rest, verb);
        var verbArgs = rest.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal) || a == Rebuild).ToList();
        var hostArgs = rest.Skip(verbArgs.Count).ToList();
        verbArgs.AddRange(hostArgs.Where(a => a == Rebuild));
        verbArgs.AddRange(options.VerbOptions);
        return new CommandLine(verb, verbArgs, [.. hostArgs.Where(a => a != Rebuild), .. options.HostOptions]);
    }

    /// <summary>Options of <c>eval</c> and <c>fit</c>, wherever they stand. <c>--corpus folder</c> evaluates another
    /// document set with an index of its own (in the temporary folder), so the bot's own index is left alone.</summary>
    private static (List<string> VerbOptions, List<string> HostOptions) TakeOptions(List<string> rest, Verb verb)
    {
        var verbOptions = new List<string>();
        var hostOptions = new List<string>();
        if (verb is not (Verb.Eval or Verb.Fit or Verb.TeamsPackage or Verb.Feedback))
        {
            return (verbOptions, hostOptions);
        }

        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--explain")
            {
                verbOptions.Add(rest[i]);
                rest.RemoveAt(i--);
            }
            else if (i == rest.Count - 1)
            {
                break;
            }
            else if (rest[i] is "--samples" or "--out" or "--app-id" or "--host" or "--name" or "--format" or "--since")
            {
                verbOptions.AddRange([rest[i], rest[i + 1]]);
                rest.RemoveRange(i--, 2);
            }
            else if (rest[i] == "--corpus")
            {
                var folder = Path.GetFullPath(rest[i + 1]);
                var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..16];
                hostOptions.AddRange([$"--Corpus:Path={folder}", $"--VectorStore:Embedded:SnapshotPath={Path.Combine(Path.GetTempPath(), "chatbot-eval", name, "index.bin")}"]);
                rest.RemoveRange(i--, 2);
            }
        }

        return (verbOptions, hostOptions);
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var cancel = new CancellationTokenSource();
        if (Verb != Verb.Serve)
        {
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
        }

        try
        {
            return Verb switch
            {
                Verb.Serve => await ServeAsync(app, VerbArgs.Contains(Rebuild)),
                Verb.Ingest => await IngestCommand.RunAsync(app.Services, VerbArgs, cancel.Token),
                Verb.Ask => await AskCommand.RunAsync(app.Services, VerbArgs, cancel.Token),
                Verb.Eval => await EvalCommand.RunAsync(app.Services, VerbArgs, cancel.Token),
                Verb.Fit => await FitCommand.RunAsync(VerbArgs, cancel.Token),
                Verb.TeamsPackage => await TeamsPackageCommand.RunAsync(app.Services, VerbArgs, cancel.Token),
                Verb.Feedback => await FeedbackCommand.RunAsync(app.Services, VerbArgs, cancel.Token),
                _ => Usage(),
            };
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (IncompatibleIndexException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return KnowledgeWarmup.IncompatibleIndexExitCode;
        }
        catch (StoreUnavailableException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 4;
        }
        catch (Exception ex) when (ChatBot.State.Redis.StateUnavailableHandler.IsUnavailable(ex))
        {
            await Console.Error.WriteLineAsync("Cannot reach Redis (ConnectionStrings:Redis): " + ex.Message);
            return 4;
        }
    }

    private static async Task<int> ServeAsync(WebApplication app, bool rebuild)
    {
        var session = app.Services.GetRequiredService<ServeSession>();
        session.Rebuild = rebuild;
        await app.RunAsync();
        return session.ExitCode;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Usage: ChatBot.Server [serve] [--rebuild] [--urls http://host:port]
                                                                        run the bot (default http://localhost:3978)
                   ChatBot.Server ingest [--rebuild]                    bring the index in line with corpus/
                   --rebuild replaces the index, even one built with another embedding model
                   ChatBot.Server ask "question"                        answer one question with citations
                   ChatBot.Server eval questions.jsonl [--corpus folder] [--samples out.jsonl] [--explain]
                                                                        score a question set (PASS/FAIL per case, per
                                                                        kind, calibration); --corpus: on other documents;
                                                                        --samples: write labelled candidates for fit;
                                                                        --explain: show a failure's best candidates
                   ChatBot.Server fit samples.jsonl... --out model.json fit the answer model on labelled candidates
                   ChatBot.Server teams-package --app-id <GUID> --host <bot host> [--out app.zip] [--name ChatBot]
                                                                        write the app package Teams installs the bot from
                   ChatBot.Server feedback export [--format jsonl|csv] [--since 2026-12-01] [--out file]
                                                                        write what users rated (needs ConnectionStrings:Redis)
            """);
        return 2;
    }
}
