using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Tests.Hostile;

/// <summary>
/// Kernels written to break a code generator rather than to compute anything useful: deep nesting, many reductions,
/// many parameters, names the generated code also uses (its locals, the framework's types, the runtime's), members of
/// the kernel's class that shadow framework names, and expressions thousands of operations long. Seeded: the same
/// seed gives the same source.
/// </summary>
public static class HostileKernelSource
{
    /// <summary>Identifiers the generated code, the framework or the runtime also use, none a C# keyword.</summary>
    public static readonly string[] HostileNames =
    {
        "RowLanes", "VectorMath", "KernelMath", "MatrixProducts", "Vector256", "Vector128", "MathF", "Math", "Span",
        "ReadOnlySpan", "MemoryMarshal", "MemoryExtensions", "Unsafe", "ArrayPool", "ArgumentException", "System", "KernelGen",
        "global", "nameof", "value", "sum", "max", "min", "t", "part", "tB", "x0", "j", "u", "xRef", "xLength", "xTile",
        "xVec", "exp0", "diff0", "grown", "rowsDone", "CacheResidentLength", "LaneRowLength", "Signature", "Forward",
        "ForwardBatch", "var", "dynamic", "async", "await", "_", "Ops", "Vec", "Mat", "sumB", "product", "ratio", "element",
        // The row operators' names and members, and the pass driver's types.
        "MaxPass", "SumExpPass", "ResultPass", "DzPass", "RunningSumExpPass", "streams", "T", "Vector", "Scalar", "Invoke",
        "accumulators", "RowPass", "RowStreams", "VectorLanes", "ArgumentChecks", "NoAccumulator",
    };

    /// <summary>Members of the kernel's class named like what generated code refers to.</summary>
    private static readonly string[] ShadowingMembers =
    {
        "public static int Vector256;", "public static int MathF;", "public static int Math;", "public class Span { }",
        "public class ReadOnlySpan { }", "public static int MemoryMarshal;", "public static int Unsafe;", "public class ArgumentException { }",
        "public class ArgumentOutOfRangeException { }", "public static int ArrayPool;", "public static int System;", "public static int KernelGen;",
        "public class RowLanes { }", "public class VectorMath { }", "public static int KernelMath;", "public class MatrixProducts { }",
        "public class GeneratedCode { }", "public class GeneratedCodeAttribute : global::System.Attribute { }", "public static int MemoryExtensions;",
    };

    private static readonly string[] UnaryVec = { "Abs", "Tanh", "Sigmoid", "Softplus", "-", "Square", "Relu" };

    /// <summary>One batch: a class with <paramref name="count"/> kernels K0.. and shadowing members, in its own namespace.</summary>
    public static string Batch(int seed, int count, out int[] families)
    {
        var random = new Random(seed);
        var members = new List<string>();
        foreach (var member in ShadowingMembers.OrderBy(_ => random.Next()).Take(random.Next(3, ShadowingMembers.Length + 1))) members.Add(member);
        families = new int[count];
        for (int k = 0; k < count; k++)
        {
            families[k] = (seed + k) % Families;
            members.Add(Kernel(random, "K" + k, families[k]));
        }
        return $$"""
            using KernelGen;
            using static KernelGen.Ops;

            namespace Hostile.Batch{{seed}};

            public static partial class Kernels
            {
            {{string.Join("\n", members.Select(m => "    " + m))}}
            }
            """;
    }

    public const int Families = 5;

    /// <summary>The family whose parameters take <see cref="HostileNames"/>, some of which KG0013 rightly refuses.</summary>
    public const int HostileNamesFamily = 3;

    private static string Kernel(Random random, string name, int family) => family switch
    {
        0 => DeepNesting(random, name),
        1 => ManyReductions(random, name),
        2 => ManyParameters(random, name),
        3 => HostileParameterNames(random, name),
        _ => LongExpression(random, name),
    };

    private static string DeepNesting(Random random, string name)
    {
        int depth = random.Next(20, 61);
        string e = "x";
        for (int d = 0; d < depth; d++)
        {
            string op = UnaryVec[random.Next(UnaryVec.Length)];
            e = op == "-" ? $"-({e})" : d % 7 == 6 ? $"{op}({e} * 0.5f + y)" : $"{op}({e})";
        }
        return random.Next(2) == 0
            ? $"[Kernel] public static Vec {name}(Vec x, Vec y) => {e};"
            : $"[Kernel] public static float {name}(Vec x, Vec y) => Sum({e});";
    }

    private static string ManyReductions(Random random, string name)
    {
        int terms = random.Next(10, 61);
        string[] reductions = { "Sum", "Max", "Min", "Mean" };
        var parts = Enumerable.Range(0, terms).Select(i =>
            $"{reductions[random.Next(reductions.Length)]}(x * {i + 1}f{(i % 3 == 0 ? " + y" : "")})");
        return $"[Kernel] public static float {name}(Vec x, Vec y) => {string.Join(" + ", parts)};";
    }

    private static string ManyParameters(Random random, string name)
    {
        int count = random.Next(8, 33);
        // Numbered: p1 next to p10..p13, which are also the names of p1's four chunks in the unrolled loops.
        var parameters = Enumerable.Range(0, count).Select(i => (Name: "p" + i, IsVec: i == 0 || random.Next(3) > 0)).ToList();
        var vecs = parameters.Where(p => p.IsVec).Select(p => p.Name).ToList();
        var floats = parameters.Where(p => !p.IsVec).Select(p => p.Name).ToList();
        string body = string.Join(" + ", vecs.Select((v, i) => i < floats.Count ? $"{v} * {floats[i]}" : v));
        string returned = random.Next(2) == 0 ? $"Sum({body})" : $"LogSumExp({body})";
        return $"[Kernel] public static float {name}({string.Join(", ", parameters.Select(p => (p.IsVec ? "Vec " : "float ") + p.Name))}) => {returned};";
    }

    private static string HostileParameterNames(Random random, string name)
    {
        var names = HostileNames.OrderBy(_ => random.Next()).Take(random.Next(2, 6)).ToList();
        string first = names[0];
        var others = names.Skip(1).ToList();
        string mix = string.Join(" + ", others.Select((n, i) => i % 2 == 0 ? $"{n} * {first}" : $"Exp({n})"));
        string vector = others.Count == 0 ? first : $"{first} + {mix}";
        string signature = string.Join(", ", names.Select(n => "Vec " + n));
        return random.Next(3) switch
        {
            0 => $"[Kernel] public static Vec {name}({signature}) => Softmax({vector});",
            1 => $"[Kernel] public static float {name}({signature}, int label) => CrossEntropy({vector}, label);",
            _ => $"[Kernel] public static float {name}({signature}, Mat weights, [Shared] Vec bias, int label) => CrossEntropy(weights * ({vector}) + bias, label);",
        };
    }

    private static string LongExpression(Random random, string name)
    {
        int terms = random.Next(70, 201);
        var scalarTerms = Enumerable.Range(1, terms).Select(i => (i % 4) switch { 0 => $"t * {i}f", 1 => $"Sum(x) * {i}f", 2 => $"Max(x) / {i}f", _ => $"t * t * {i}f" });
        var vectorTerms = Enumerable.Range(1, Math.Min(terms, 400)).Select(i => (i % 3) switch { 0 => $"Abs(x - {i}f)", 1 => $"x * {i}f", _ => $"Max(x, {i}f)" });
        return random.Next(2) == 0
            ? $"[Kernel] public static float {name}(Vec x, float t) => {string.Join(" + ", scalarTerms)};"
            : $"[Kernel] public static Vec {name}(Vec x, float t) => t * ({string.Join(" + ", vectorTerms)});";
    }
}
