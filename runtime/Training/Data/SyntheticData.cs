using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelGen.Data;

/// <summary>
/// Data sets drawn from a known model, for checking that training recovers it: the synthetic linear regression
/// of Dive into Deep Learning (d2l.ai, "Linear Regression Implementation from Scratch").
/// </summary>
public static class SyntheticData
{
    /// <summary>The weights of d2l's synthetic regression, [2, -3.4].</summary>
    public static IReadOnlyList<float> D2lWeights { get; } = [2f, -3.4f];

    /// <summary>The bias of d2l's synthetic regression, 4.2.</summary>
    public const float D2lBias = 4.2f;

    /// <summary>The noise standard deviation of d2l's synthetic regression, 0.01.</summary>
    public const float D2lNoiseStd = 0.01f;

    /// <summary>The number of examples of d2l's synthetic regression, 1000.</summary>
    public const int D2lCount = 1000;

    /// <summary>
    /// Draws a regression set from a linear model: features X ~ N(0, 1), one target per example
    /// y = X w + b + e with noise e ~ N(0, <paramref name="noiseStd"/>²).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The values depend only on the arguments and <paramref name="seed"/>, so every run with the same seed gets
    /// the same set. The normal draws come from <see cref="Random"/> seeded with <paramref name="seed"/>, turned
    /// into standard normals by the Box-Muller transform in double precision (both values of each pair are
    /// used); they are taken example by example: its <c>weights.Length</c> features, then its noise. A feature is
    /// its draw rounded to float; the target is computed in double from those float features and rounded to
    /// float once. (The transform's logarithm, sine and cosine come from the platform's math library, which may
    /// round the last bit differently on another operating system.)
    /// </para>
    /// <para>
    /// The set has <see cref="Dataset.Rows"/> = 1, <see cref="Dataset.Columns"/> = <c>weights.Length</c> and
    /// <see cref="Dataset.TargetLength"/> = 1.
    /// </para>
    /// </remarks>
    /// <param name="weights">The true weights, one per feature: at least one, all finite.</param>
    /// <param name="bias">The true bias, finite.</param>
    /// <param name="count">The number of examples, 0 or more.</param>
    /// <param name="noiseStd">The standard deviation of the noise added to each target, finite and 0 or more
    /// (0 for exact targets).</param>
    /// <param name="seed">The seed of the random draws.</param>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is empty or not finite, or
    /// <paramref name="bias"/> is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="noiseStd"/> is
    /// negative (or the noise not finite), or the set would not fit in one array.</exception>
    public static Dataset LinearRegression(ReadOnlySpan<float> weights, float bias, int count, float noiseStd = 0.01f, int seed = 0)
    {
        if (weights.IsEmpty)
            throw new ArgumentException("Give at least one weight: the set has one feature per weight.", nameof(weights));
        for (int j = 0; j < weights.Length; j++)
            if (!float.IsFinite(weights[j]))
                throw new ArgumentException($"Weight {j} is {weights[j].ToString(CultureInfo.InvariantCulture)}; the weights must be finite.", nameof(weights));
        if (!float.IsFinite(bias))
            throw new ArgumentException($"The bias is {bias.ToString(CultureInfo.InvariantCulture)}; it must be finite.", nameof(bias));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!float.IsFinite(noiseStd) || noiseStd < 0)
            throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "The noise standard deviation must be finite and 0 or more.");
        int featureCount = weights.Length;
        if ((long)count * featureCount > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} examples of {featureCount} features do not fit in one array.");

        var features = new float[count * featureCount];
        var targets = new float[count];
        var normal = new StandardNormal(seed);
        for (int i = 0; i < count; i++)
        {
            double y = bias;
            for (int j = 0; j < featureCount; j++)
            {
                float x = (float)normal.Next();
                features[i * featureCount + j] = x;
                y += (double)x * weights[j];
            }
            targets[i] = (float)(y + noiseStd * normal.Next());
        }
        return Dataset.OwnRegression(featureCount, features, targets, 1);
    }

    /// <summary>
    /// d2l's synthetic regression: <see cref="D2lCount"/> (1000) examples of 2 features, w = [2, -3.4]
    /// (<see cref="D2lWeights"/>), b = 4.2 (<see cref="D2lBias"/>), noise standard deviation 0.01
    /// (<see cref="D2lNoiseStd"/>); drawn as <see cref="LinearRegression"/> does, so the values depend only on
    /// <paramref name="seed"/>.
    /// </summary>
    /// <param name="seed">The seed of the random draws.</param>
    public static Dataset D2lLinearRegression(int seed = 0)
    {
        ReadOnlySpan<float> weights = [D2lWeights[0], D2lWeights[1]];
        return LinearRegression(weights, D2lBias, D2lCount, D2lNoiseStd, seed);
    }

    /// <summary>Standard normal draws from a seeded <see cref="Random"/> by the Box-Muller transform, both values of each pair used.</summary>
    private sealed class StandardNormal(int seed)
    {
        private readonly Random _random = new(seed);
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            // 1 - U is in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble()));
            double angle = 2.0 * Math.PI * _random.NextDouble();
            _spare = radius * Math.Sin(angle);
            _hasSpare = true;
            return radius * Math.Cos(angle);
        }
    }
}
