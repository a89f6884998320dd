using System.Security.Cryptography;
using System.Text;

namespace ChatBot.State.Redis;

/// <summary>Key names for state whose ids come from callers: digested, so a key takes the same few bytes however long
/// the id, and no id can reach another kind's keys.</summary>
internal static class StateKeys
{
    public static string Digest(string kind, string id) =>
        kind + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0, 16);
}
