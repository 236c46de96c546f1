namespace KernelGen.Testing;

/// <summary>One file the generator added to the compilation.</summary>
public sealed class GeneratedFile
{
    internal GeneratedFile(string hintName, string text)
    {
        HintName = hintName;
        Text = text;
    }

    /// <summary>The name the generator gave it: <c>Namespace.Type.Method.g.cs</c> for a kernel (nested types joined with '+').</summary>
    public string HintName { get; }

    /// <summary>Its text, exactly as generated.</summary>
    public string Text { get; }

    /// <summary>The hint name.</summary>
    public override string ToString() => HintName;
}
