using System;
using System.Collections.Generic;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>How the elements of an adversarial input case are drawn.</summary>
public enum InputKind
{
    /// <summary>x, y uniform in [-3, 3] and 0.5 &lt;= |s| &lt;= 2: the safe domain, where central differences are reliable.</summary>
    Moderate,
    /// <summary>Magnitudes log-uniform from 1 to 1e4, either sign.</summary>
    Huge,
    /// <summary>Magnitudes uniform in [80, 110], around where float's exp overflows (88.7) and underflows (-87.3 to -103).</summary>
    Threshold,
    /// <summary>Each element from one of: moderate, huge, threshold, 0, 3 to 7 in magnitude, ±1e4.</summary>
    Mixed,
    /// <summary>Every element of x the same (a mixed draw); y the same too, equal to x, or mixed.</summary>
    AllEqual,
    /// <summary>One element of x far above the others (by a threshold value, 1e4, or 20 to 100): a softmax close to one-hot.</summary>
    NearOneHot,
}

/// <summary>One input case: x, y, s, and the seed dResult of a vector kernel's gradient.</summary>
public sealed record InputCase(InputKind Kind, float[] X, float[] Y, float S, float[]? W)
{
    public int Length => X.Length;
}

/// <summary>Adversarial inputs for the unrestricted graphs of <see cref="UnrestrictedGenerators"/>.</summary>
public static class AdversarialInputs
{
    /// <summary>
    /// The cases every graph is run on: each kind, at lengths that exercise the scalar path (1, 3, 5), one and
    /// several vector blocks with a tail (8, 13, 37, 40) and the longest row (100).
    /// </summary>
    public static readonly (int Length, InputKind Kind)[] Plan =
    {
        (3, InputKind.Moderate),
        (8, InputKind.Mixed),
        (13, InputKind.Threshold),
        (37, InputKind.Huge),
        (100, InputKind.Mixed),
        (8, InputKind.AllEqual),
        (37, InputKind.NearOneHot),
        (1, InputKind.Mixed),
        (5, InputKind.Threshold),
        (40, InputKind.Mixed),
    };

    /// <summary>
    /// More cases, for the search for an input on which a warned kernel really overflows: every kind but the
    /// moderate one, short rows, each also with s around the exp thresholds (a warning about Exp(s) needs s &gt; 88.7).
    /// </summary>
    public static IEnumerable<InputCase> WitnessCases(int seed, bool vectorResult)
    {
        var random = new Random(seed);
        for (int round = 0; round < 3; round++)
            foreach (var kind in new[] { InputKind.Threshold, InputKind.Huge, InputKind.Mixed, InputKind.NearOneHot, InputKind.AllEqual })
                foreach (int n in new[] { 1, 3, 8, 37 })
                {
                    var c = Draw(random, n, kind, vectorResult);
                    yield return c;
                    yield return c with { S = Threshold(random) };
                }
    }

    public static InputCase Draw(Random random, int n, InputKind kind, bool vectorResult)
    {
        var x = new float[n];
        var y = new float[n];
        switch (kind)
        {
            case InputKind.AllEqual:
            {
                Array.Fill(x, Mixed(random));
                int yKind = random.Next(3);
                if (yKind == 0) Array.Fill(y, Mixed(random));
                else if (yKind == 1) Array.Copy(x, y, n);
                else Fill(y, random, InputKind.Mixed);
                break;
            }
            case InputKind.NearOneHot:
            {
                float low = random.Next(4) switch
                {
                    0 => (float)Uniform(random, -3, 3),
                    1 => -(float)Uniform(random, 80, 110),
                    2 => -1e4f,
                    _ => 0f,
                };
                for (int i = 0; i < n; i++) x[i] = low + (float)Uniform(random, -1e-2, 1e-2);
                x[random.Next(n)] = random.Next(3) switch
                {
                    0 => (float)Uniform(random, 80, 110),
                    1 => 1e4f,
                    _ => low + (float)Uniform(random, 20, 100),
                };
                Fill(y, random, random.Next(2) == 0 ? InputKind.Moderate : InputKind.Mixed);
                break;
            }
            default:
                Fill(x, random, kind);
                Fill(y, random, kind);
                break;
        }
        // s as a temperature, or (half the threshold cases) around the exp thresholds too, where Exp(s) overflows.
        float s = kind switch
        {
            InputKind.Moderate => (float)(Uniform(random, 0.5, 2) * Sign(random)),
            InputKind.Threshold when random.Next(2) == 0 => Threshold(random),
            _ => Temperature(random),
        };
        float[]? w = null;
        if (vectorResult)
        {
            w = new float[n];
            for (int i = 0; i < n; i++) w[i] = (float)Uniform(random, -1, 1);
        }
        return new InputCase(kind, x, y, s, w);
    }

    private static void Fill(float[] a, Random random, InputKind kind)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = kind switch
            {
                InputKind.Moderate => (float)Uniform(random, -3, 3),
                InputKind.Huge => Huge(random),
                InputKind.Threshold => Threshold(random),
                _ => Mixed(random),
            };
        }
    }

    // 3 to 7: where exp(exp(v)) overflows in float but not in double.
    private static float Mixed(Random random) => random.Next(11) switch
    {
        < 3 => (float)Uniform(random, -3, 3),
        < 5 => Huge(random),
        < 8 => Threshold(random),
        8 => 0f,
        9 => (float)Uniform(random, 3, 7) * Sign(random),
        _ => 1e4f * Sign(random),
    };

    private static float Huge(Random random) => (float)System.Math.Pow(10, Uniform(random, 0, 4)) * Sign(random);

    private static float Threshold(Random random) => (float)Uniform(random, 80, 110) * Sign(random);

    /// <summary>A temperature: ±1e-2 a quarter of the time, otherwise log-uniform in [1e-2, 1e2] in magnitude.</summary>
    private static float Temperature(Random random)
        => random.Next(4) == 0 ? 1e-2f * Sign(random) : (float)System.Math.Pow(10, Uniform(random, -2, 2)) * Sign(random);

    private static int Sign(Random random) => random.Next(2) == 0 ? -1 : 1;

    private static double Uniform(Random random, double lo, double hi) => lo + (hi - lo) * random.NextDouble();
}
