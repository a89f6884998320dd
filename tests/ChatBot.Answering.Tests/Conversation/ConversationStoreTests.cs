using ChatBot.Answering.Conversation;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Answering.Tests.Conversation;

public sealed class ConversationStoreTests
{
    private readonly FakeTimeProvider _time = new();

    private ConversationStore Store(int turns = 3, int conversations = 2, int idleMinutes = 30) =>
        new(new ConversationOptions { MaxTurns = turns, MaxConversations = conversations, IdleExpiry = TimeSpan.FromMinutes(idleMinutes) }, _time);

    private Turn Turn(string question) => new(question, question, true, "answer", _time.GetUtcNow());

    [Fact]
    public void Add_MoreTurnsThanTheBound_KeepsTheLatest()
    {
        var store = Store(turns: 2);

        foreach (var q in new[] { "one", "two", "three" })
        {
            store.Add("c", Turn(q));
        }

        Assert.Equal(["two", "three"], store.History("c").Select(t => t.Question));
    }

    [Fact]
    public void Add_MoreConversationsThanTheBound_ForgetsTheLeastRecentlyActive()
    {
        var store = Store(conversations: 2);
        store.Add("a", Turn("1"));
        store.Add("b", Turn("2"));
        store.Add("a", Turn("3"));

        store.Add("c", Turn("4"));

        Assert.Equal(2, store.Count);
        Assert.Empty(store.History("b"));
        Assert.Equal(2, store.History("a").Count);
    }

    [Fact]
    public void History_AfterIdleExpiry_IsEmpty()
    {
        var store = Store(idleMinutes: 30);
        store.Add("a", Turn("1"));

        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.Empty(store.History("a"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void History_UnknownConversation_IsEmpty()
    {
        Assert.Empty(Store().History("nobody"));
    }

    [Fact]
    public void Add_ManyLargeConversations_BoundedInBytesOldestForgotten()
    {
        var store = new ConversationStore(new ConversationOptions { MaxTurns = 10, MaxConversations = 100_000, MaxBytes = 256 * 1024 }, _time);
        var question = new string('q', 1000);

        for (var i = 0; i < 1000; i++)
        {
            store.Add($"c{i}", new Turn(question, question, true, new string('a', 1000), _time.GetUtcNow()));
        }

        Assert.InRange(store.Bytes, 1, 256 * 1024);
        Assert.Empty(store.History("c0"));
        Assert.Single(store.History("c999"));
        Assert.True(store.Count < 1000);
    }
}
