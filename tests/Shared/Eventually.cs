namespace ChatBot.Tests.Shared;

/// <summary>Polls for what another thread produces (a span exported when it ends, a socket counted once closed).</summary>
internal static class Eventually
{
    /// <summary>What <paramref name="find"/> returns once it returns something, within five seconds.</summary>
    public static async Task<T> FindAsync<T>(Func<T?> find, string what)
        where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return find() ?? throw new Xunit.Sdk.XunitException($"Never found: {what}.");
    }
}
