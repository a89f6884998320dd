namespace ChatBot.Knowledge.Index;

/// <summary>The store cannot be reached (after retries): the index is intact but out of reach for now.</summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The index holds vectors this bot cannot use (another embedding model or size) or was not made by it, and may not be
/// replaced implicitly. Only an explicit rebuild replaces it.
/// </summary>
public sealed class IncompatibleIndexException(string message) : InvalidOperationException(message);
