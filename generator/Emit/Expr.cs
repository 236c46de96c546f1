namespace KernelGen.Generator.Emit;

/// <summary>C# expression text with its precedence, so operands are parenthesized only where needed.</summary>
internal readonly record struct Expr(string Text, int Precedence)
{
    public const int Additive = 0;
    public const int Multiplicative = 1;
    public const int Unary = 2;
    public const int Atom = 3;

    public static Expr Atomic(string text) => new(text, Atom);

    /// <summary>The text, in parentheses when it binds looser than <paramref name="minimum"/>.</summary>
    public string At(int minimum) => Precedence >= minimum ? Text : "(" + Text + ")";

    public override string ToString() => Text;
}
