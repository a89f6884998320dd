namespace ChatBot.Knowledge.Text;

/// <summary>A run of characters in a larger text.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}
