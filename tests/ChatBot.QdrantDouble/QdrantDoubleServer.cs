using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace ChatBot.QdrantDouble;

/// <summary>
/// TEST DOUBLE of a Qdrant server, for tests and benchmarks on machines where real Qdrant cannot run. It serves
/// Qdrant's gRPC services (bound from Qdrant.Client's own service descriptors and message types) over HTTP/2 on
/// loopback, backed by <see cref="QdrantDoubleEngine"/>. Tests can make calls fail, hold them, require an API key,
/// and count what the client sent.
/// </summary>
public sealed class QdrantDoubleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StatusCode>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _holds = new(StringComparer.Ordinal);
    private readonly QdrantDoubleEngine _engine = new();
    private long _handlingTicks;

    private QdrantDoubleServer(WebApplication app) => _app = app;

    /// <summary>The gRPC address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>When set, calls without this value in the <c>api-key</c> header are refused, as by Qdrant.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>While true every call fails with Unavailable, as when the server is down.</summary>
    public bool Down { get; set; }

    /// <summary>Methods that change data (collections or points).</summary>
    public static IReadOnlySet<string> WriteMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "qdrant.Collections/Create", "qdrant.Collections/Update", "qdrant.Collections/Delete",
        "qdrant.Points/Upsert", "qdrant.Points/Delete", "qdrant.Points/CreateFieldIndex",
    };

    /// <summary>Calls received per method ("qdrant.Points/Upsert"), failed ones included.</summary>
    public IReadOnlyDictionary<string, int> Calls => _calls;

    /// <summary>Calls received that change data.</summary>
    public int WriteCalls => _calls.Where(c => WriteMethods.Contains(c.Key)).Sum(c => c.Value);

    /// <summary>Time spent executing requests (searching, storing), without the transport: what a benchmark subtracts
    /// to see the client's own cost.</summary>
    public TimeSpan HandlingTime => TimeSpan.FromTicks(Interlocked.Read(ref _handlingTicks));

    /// <summary>Calls that the client cancelled while the server held them.</summary>
    public int CancelledCalls { get; private set; }

    /// <summary>Starts a double on a free loopback port, or on <paramref name="port"/>; over TLS with
    /// <paramref name="certificate"/> when one is given.</summary>
    public static async Task<QdrantDoubleServer> StartAsync(int port = 0, X509Certificate2? certificate = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = true);
        builder.Services.AddSingleton<IServiceMethodProvider<QdrantDoubleService>, QdrantMethodBinder>();
        var service = new QdrantDoubleService();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<QdrantDoubleService>();
        var server = new QdrantDoubleServer(app);
        service.Server = server;
        await app.StartAsync(cancellationToken);
        server.Endpoint = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(string method, StatusCode status, int times = 1)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<StatusCode>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>The next call of <paramref name="method"/> is held until the client cancels it; the task completes when
    /// the call arrives.</summary>
    public Task Hold(string method)
    {
        var arrived = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[method] = arrived;
        return arrived.Task;
    }

    /// <summary>Points in a collection, read directly.</summary>
    public long PointCount(string collection) => _engine.PointCount(collection);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal async Task<IMessage> HandleAsync(string method, IMessage request, ServerCallContext context)
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (RequiredApiKey is not null && context.RequestHeaders.GetValue("api-key") != RequiredApiKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
        }

        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The Qdrant test double is down."));
        }

        if (_faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var status))
        {
            throw new RpcException(new Status(status, $"Injected {status} by the Qdrant test double."));
        }

        if (_holds.TryRemove(method, out var hold))
        {
            hold.TrySetResult(true);
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancelledCalls++;
                throw new RpcException(new Status(StatusCode.Cancelled, "Cancelled by the client."));
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return _engine.Handle(method, request);
        }
        finally
        {
            Interlocked.Add(ref _handlingTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}

/// <summary>The gRPC service type the binder attaches Qdrant's methods to.</summary>
internal sealed class QdrantDoubleService
{
    public QdrantDoubleServer Server { get; set; } = null!;

    public Task<IMessage> HandleAsync(string method, IMessage request, ServerCallContext context) => Server.HandleAsync(method, request, context);
}

/// <summary>
/// Binds every unary method of Qdrant's Collections and Points services (those it does not implement answer
/// Unimplemented). Qdrant.Client ships only client stubs,
/// so the methods are built from its service descriptors, with marshallers from its message parsers.
/// </summary>
internal sealed class QdrantMethodBinder : IServiceMethodProvider<QdrantDoubleService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<QdrantDoubleService> context)
    {
        var files = new[] { CollectionsServiceReflection.Descriptor, PointsServiceReflection.Descriptor };
        foreach (var method in files.SelectMany(f => f.Services).SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
        {
            var name = $"{method.Service.FullName}/{method.Name}";
            var grpcMethod = new Method<IMessage, IMessage>(
                MethodType.Unary, method.Service.FullName, method.Name, Marshaller(method.InputType), Marshaller(method.OutputType));
            context.AddUnaryMethod(grpcMethod, [], (service, request, call) => service.HandleAsync(name, request, call));
        }
    }

    private static Marshaller<IMessage> Marshaller(MessageDescriptor type) =>
        Marshallers.Create(message => message.ToByteArray(), bytes => type.Parser.ParseFrom(bytes));
}
