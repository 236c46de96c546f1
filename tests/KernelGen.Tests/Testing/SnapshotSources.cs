namespace KernelGen.Tests.Testing;

/// <summary>Small kernel sources, standing for a user's project, for the tests of KernelGen.Testing.</summary>
internal static class SnapshotSources
{
    public const string SoftmaxHint = "Demo.Losses.Softmax.g.cs";
    public const string ScaleHint = "Demo.Losses.Scale.g.cs";

    /// <summary>A Losses class with the given kernel lines.</summary>
    public static string Losses(params string[] kernels) => $$"""
        using KernelGen;
        using static KernelGen.Ops;

        namespace Demo;

        public static partial class Losses
        {
        {{string.Join("\n", kernels)}}
        }
        """;

    public const string Softmax = "    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));";

    /// <summary>Softmax with Exp replaced by another expression: the change a test must see in the diff.</summary>
    public const string SoftmaxOfSquares = "    [Kernel] public static Vec Softmax(Vec x) => Square(x) / Sum(Square(x));";

    public const string Scale = "    [Kernel] public static Vec Scale(Vec x) => 2f * x;";

    /// <summary>KG0011: a negative index.</summary>
    public const string NegativeIndex = "    [Kernel] public static float First(Vec x) => x[-1];";
}
