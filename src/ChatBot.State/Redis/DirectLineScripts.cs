using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// The Lua scripts that keep a Direct Line conversation in Redis. Each runs atomically, so activities from several
/// instances are numbered without gaps or repeats, and each is pushed (PUBLISH) in the order it was numbered.
/// A conversation is a hash (<c>user</c>, <c>seq</c>: the next number, <c>bytes</c>: what the log holds, <c>started</c>)
/// and a list of activity JSON, the oldest dropped first past the count or byte limit; the first kept has number
/// <c>seq - LLEN</c>. A push message is "&lt;watermark&gt;\n&lt;ActivitySet JSON&gt;".
/// </summary>
internal static class DirectLineScripts
{
    /// <summary>Numbers and keeps @activity (JSON without an id), pushes it on @channel and returns the id it was given;
    /// nil when the conversation has ended.</summary>
    public static readonly LuaScript Append = LuaScript.Prepare("""
        if redis.call('EXISTS', @hash) == 0 then return false end
        local seq = redis.call('HINCRBY', @hash, 'seq', 1) - 1
        local id = @conversation .. '|' .. string.format('%07d', seq)
        local item = '{"id":"' .. id .. '",' .. string.sub(@activity, 2)
        redis.call('RPUSH', @log, item)
        local bytes = redis.call('HINCRBY', @hash, 'bytes', string.len(item))
        local len = redis.call('LLEN', @log)
        while len > 1 and (len > tonumber(@maxActivities) or bytes > tonumber(@maxBytes)) do
          local old = redis.call('LPOP', @log)
          bytes = redis.call('HINCRBY', @hash, 'bytes', -string.len(old))
          len = len - 1
        end
        redis.call('PEXPIRE', @hash, @idleMs)
        redis.call('PEXPIRE', @log, @idleMs)
        local watermark = string.format('%d', seq + 1)
        redis.call('PUBLISH', @channel, watermark .. '\n{"activities":[' .. item .. '],"watermark":"' .. watermark .. '"}')
        return id
        """);

    /// <summary>Returns {watermark after the last returned, items…} for the activities after @watermark, at most @max;
    /// nil when the conversation has ended.</summary>
    public static readonly LuaScript Since = LuaScript.Prepare("""
        local seq = tonumber(redis.call('HGET', @hash, 'seq'))
        if not seq then return false end
        local len = redis.call('LLEN', @log)
        local first = seq - len
        local start = math.max(tonumber(@watermark), first) - first
        local items = redis.call('LRANGE', @log, start, start + tonumber(@max) - 1)
        return { string.format('%d', first + start + #items), unpack(items) }
        """);

    /// <summary>Returns 1 the first time a live conversation is started, else 0.</summary>
    public static readonly LuaScript Start = LuaScript.Prepare("""
        if redis.call('EXISTS', @hash) == 0 then return 0 end
        return redis.call('HSETNX', @hash, 'started', '1')
        """);
}
