namespace LvsDirector.Config.Lexing;

/// <summary>One word of a configuration line. A quoted <c>"{"</c> is a word, not a block brace.</summary>
internal readonly record struct ConfigToken(string Text, bool Quoted)
{
    public bool IsOpenBrace => !Quoted && Text == "{";
    public bool IsCloseBrace => !Quoted && Text == "}";
    public override string ToString() => Text;
}
