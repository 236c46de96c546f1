using System;

namespace KernelGen.Tests.Infrastructure;

/// <summary>Seeded random inputs, so every failure reproduces.</summary>
public static class TestData
{
    /// <summary>Sizes from 1 to 1100: every size up to 40 (all tail lengths, one to five vectors), then around powers of two and 1000.</summary>
    public static readonly int[] Sizes = BuildSizes();

    public static float[] Normal(Random random, int length, double scale = 3)
    {
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            v[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return v;
    }

    public static float[] Probabilities(Random random, int length)
    {
        var v = new float[length];
        double sum = 0;
        for (int i = 0; i < length; i++) sum += v[i] = (float)random.NextDouble() + 0.01f;
        for (int i = 0; i < length; i++) v[i] = (float)(v[i] / sum);
        return v;
    }

    private static int[] BuildSizes()
    {
        var sizes = new System.Collections.Generic.List<int>();
        for (int n = 1; n <= 40; n++) sizes.Add(n);
        sizes.AddRange(new[] { 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 999, 1000, 1001, 1023, 1024, 1025, 1099, 1100 });
        return sizes.ToArray();
    }
}
