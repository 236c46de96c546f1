using System;

namespace KernelGen;

/// <summary>
/// The operations of the kernel expression language. Use with <c>using static KernelGen.Ops;</c>.
/// Each method here is a plain reference implementation that computes exactly what it says, with no
/// numerical care (softmax overflows above about 88, as in the textbook); the generator compiles the same
/// expression into stable, vectorized code.
/// </summary>
public static class Ops
{
    // ---- Elementwise, on floats and on vectors (a float operand is broadcast). ----

    /// <summary>e raised to <paramref name="x"/>.</summary>
    public static float Exp(float x) => MathF.Exp(x);
    /// <summary>e raised to each element.</summary>
    public static Vec Exp(Vec x) => Vec.Map(x, MathF.Exp);
    /// <summary>Natural logarithm.</summary>
    public static float Log(float x) => MathF.Log(x);
    /// <summary>Natural logarithm of each element.</summary>
    public static Vec Log(Vec x) => Vec.Map(x, MathF.Log);
    /// <summary>Absolute value.</summary>
    public static float Abs(float x) => MathF.Abs(x);
    /// <summary>Absolute value of each element.</summary>
    public static Vec Abs(Vec x) => Vec.Map(x, MathF.Abs);
    /// <summary>Square root.</summary>
    public static float Sqrt(float x) => MathF.Sqrt(x);
    /// <summary>Square root of each element.</summary>
    public static Vec Sqrt(Vec x) => Vec.Map(x, MathF.Sqrt);
    /// <summary><paramref name="x"/> times itself.</summary>
    public static float Square(float x) => x * x;
    /// <summary>Each element squared.</summary>
    public static Vec Square(Vec x) => Vec.Map(x, static v => v * v);
    /// <summary>Smaller of two values.</summary>
    public static float Min(float a, float b) => MathF.Min(a, b);
    /// <summary>Elementwise minimum.</summary>
    public static Vec Min(Vec a, Vec b) => Vec.Zip(a, b, MathF.Min);
    /// <summary>Elementwise minimum with a broadcast float.</summary>
    public static Vec Min(Vec a, float b) => Vec.Map(a, v => MathF.Min(v, b));
    /// <summary>Elementwise minimum with a broadcast float.</summary>
    public static Vec Min(float a, Vec b) => Vec.Map(b, v => MathF.Min(a, v));
    /// <summary>Larger of two values.</summary>
    public static float Max(float a, float b) => MathF.Max(a, b);
    /// <summary>Elementwise maximum.</summary>
    public static Vec Max(Vec a, Vec b) => Vec.Zip(a, b, MathF.Max);
    /// <summary>Elementwise maximum with a broadcast float.</summary>
    public static Vec Max(Vec a, float b) => Vec.Map(a, v => MathF.Max(v, b));
    /// <summary>Elementwise maximum with a broadcast float.</summary>
    public static Vec Max(float a, Vec b) => Vec.Map(b, v => MathF.Max(a, v));

    // ---- Activations and their stable building blocks. As everywhere in this class, the bodies compute the
    // textbook formula as written (Softplus overflows above about 88); the generator emits stable code. ----

    /// <summary>log(1 + <paramref name="x"/>), accurate for small x in generated code.</summary>
    public static float Log1p(float x) => MathF.Log(1 + x);
    /// <summary>log(1 + x) of each element.</summary>
    public static Vec Log1p(Vec x) => Vec.Map(x, static v => MathF.Log(1 + v));
    /// <summary>exp(<paramref name="x"/>) - 1, accurate for small x in generated code.</summary>
    public static float Expm1(float x) => MathF.Exp(x) - 1;
    /// <summary>exp(x) - 1 of each element.</summary>
    public static Vec Expm1(Vec x) => Vec.Map(x, static v => MathF.Exp(v) - 1);
    /// <summary>The logistic function 1 / (1 + exp(-x)).</summary>
    public static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
    /// <summary>The logistic function of each element.</summary>
    public static Vec Sigmoid(Vec x) => Vec.Map(x, static v => 1 / (1 + MathF.Exp(-v)));
    /// <summary>softplus(x) = log(1 + exp(x)), a smooth ReLU.</summary>
    public static float Softplus(float x) => MathF.Log(1 + MathF.Exp(x));
    /// <summary>softplus of each element.</summary>
    public static Vec Softplus(Vec x) => Vec.Map(x, static v => MathF.Log(1 + MathF.Exp(v)));
    /// <summary>log(sigmoid(x)) = -softplus(-x).</summary>
    public static float LogSigmoid(float x) => MathF.Log(Sigmoid(x));
    /// <summary>log(sigmoid(x)) of each element.</summary>
    public static Vec LogSigmoid(Vec x) => Log(Sigmoid(x));
    /// <summary>log(exp(a) + exp(b)), as written.</summary>
    public static float LogAddExp(float a, float b) => MathF.Log(MathF.Exp(a) + MathF.Exp(b));
    /// <summary>log(exp(a) + exp(b)) of each pair of elements, as written.</summary>
    public static Vec LogAddExp(Vec a, Vec b) => Log(Exp(a) + Exp(b));
    /// <summary>Hyperbolic tangent.</summary>
    public static float Tanh(float x) => MathF.Tanh(x);
    /// <summary>Hyperbolic tangent of each element.</summary>
    public static Vec Tanh(Vec x) => Vec.Map(x, MathF.Tanh);
    /// <summary>max(x, 0). <c>Max(x, 0f)</c> is the same operation.</summary>
    public static float Relu(float x) => MathF.Max(x, 0);
    /// <summary>max(x, 0) of each element. <c>Max(x, 0f)</c> is the same operation.</summary>
    public static Vec Relu(Vec x) => Max(x, 0f);

    /// <summary>
    /// Binary cross-entropy of a logit <paramref name="z"/> against a target probability <paramref name="target"/>:
    /// -(t log(sigmoid(z)) + (1 - t) log(1 - sigmoid(z))). Takes logits, like PyTorch's BCEWithLogitsLoss.
    /// </summary>
    public static float BinaryCrossEntropy(float z, float target)
        => -(target * MathF.Log(Sigmoid(z)) + (1 - target) * MathF.Log(1 - Sigmoid(z)));
    /// <summary>Mean binary cross-entropy of logits <paramref name="z"/> against target probabilities <paramref name="target"/>.</summary>
    public static float BinaryCrossEntropy(Vec z, Vec target)
        => Mean(-(target * Log(Sigmoid(z)) + (1 - target) * Log(1 - Sigmoid(z))));

    // ---- Piecewise-constant operations: usable in the forward pass, not differentiable. ----

    /// <summary>Largest integer not above <paramref name="x"/>. Not differentiable: wrap in <see cref="StopGradient(float)"/>.</summary>
    public static float Floor(float x) => MathF.Floor(x);
    /// <summary>Elementwise floor. Not differentiable: wrap in <see cref="StopGradient(Vec)"/>.</summary>
    public static Vec Floor(Vec x) => Vec.Map(x, MathF.Floor);
    /// <summary>-1, 0 or 1. Not differentiable: wrap in <see cref="StopGradient(float)"/>.</summary>
    public static float Sign(float x) => MathF.Sign(x);
    /// <summary>Elementwise sign. Not differentiable: wrap in <see cref="StopGradient(Vec)"/>.</summary>
    public static Vec Sign(Vec x) => Vec.Map(x, static v => MathF.Sign(v));

    /// <summary>The value itself; in the generated backward pass no gradient flows through it.</summary>
    public static float StopGradient(float x) => x;
    /// <summary>The vector itself; in the generated backward pass no gradient flows through it.</summary>
    public static Vec StopGradient(Vec x) => x;

    // ---- Reductions. ----

    /// <summary>Sum of the elements.</summary>
    public static float Sum(Vec x)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        return s;
    }

    /// <summary>Largest element.</summary>
    public static float Max(Vec x)
    {
        RequireNonEmpty(x, nameof(Max));
        float m = x[0];
        for (int i = 1; i < x.Length; i++) m = MathF.Max(m, x[i]);
        return m;
    }

    /// <summary>Smallest element.</summary>
    public static float Min(Vec x)
    {
        RequireNonEmpty(x, nameof(Min));
        float m = x[0];
        for (int i = 1; i < x.Length; i++) m = MathF.Min(m, x[i]);
        return m;
    }

    /// <summary>Mean of the elements.</summary>
    public static float Mean(Vec x) => Sum(x) / x.Length;

    /// <summary>Inner product.</summary>
    public static float Dot(Vec a, Vec b) => Sum(a * b);

    // ---- Composites. The generator lowers these to the primitives above. ----

    /// <summary>softmax(x) = exp(x) / sum(exp(x)), as written.</summary>
    public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));

    /// <summary>log(softmax(x)), as written.</summary>
    public static Vec LogSoftmax(Vec x) => Log(Softmax(x));

    /// <summary>log(sum(exp(x))), as written.</summary>
    public static float LogSumExp(Vec x) => Log(Sum(Exp(x)));

    /// <summary>softmin(x) = softmax(-x).</summary>
    public static Vec Softmin(Vec x) => Softmax(-x);

    /// <summary>Cross-entropy of logits <paramref name="z"/> against class <paramref name="label"/>: -log(softmax(z))[label].</summary>
    public static float CrossEntropy(Vec z, int label) => -LogSoftmax(z)[label];

    /// <summary>Cross-entropy of logits <paramref name="z"/> against a probability vector <paramref name="target"/>: -sum(target * log(softmax(z))).</summary>
    public static float CrossEntropy(Vec z, Vec target) => -Sum(target * LogSoftmax(z));

    /// <summary>Negative log-likelihood of log-probabilities <paramref name="logProbabilities"/> for class <paramref name="label"/>.</summary>
    public static float Nll(Vec logProbabilities, int label) => -logProbabilities[label];

    /// <summary>Mean squared error.</summary>
    public static float Mse(Vec prediction, Vec target) => Mean(Square(prediction - target));

    /// <summary>Mean Huber loss: 0.5 r^2 where |r| &lt;= delta, else delta (|r| - 0.5 delta), with r = prediction - target.</summary>
    public static float Huber(Vec prediction, Vec target, float delta = 1f)
    {
        var a = Abs(prediction - target);
        var q = Min(a, delta);
        return Mean(0.5f * Square(q) + delta * (a - q));
    }

    // ---- Matrices, element by element: for penalties on weights such as 0.5f * lambda * Sum(Square(w)). ----

    /// <summary>Sum of the elements of a matrix.</summary>
    public static float Sum(Mat w) => Sum(w.Elements);
    /// <summary>Mean of the elements of a matrix.</summary>
    public static float Mean(Mat w) => Mean(w.Elements);
    /// <summary>Largest element of a matrix.</summary>
    public static float Max(Mat w) => Max(w.Elements);
    /// <summary>Smallest element of a matrix.</summary>
    public static float Min(Mat w) => Min(w.Elements);
    /// <summary>Each element squared.</summary>
    public static Mat Square(Mat w) => w.WithElements(Square(w.Elements));
    /// <summary>Absolute value of each element.</summary>
    public static Mat Abs(Mat w) => w.WithElements(Abs(w.Elements));
    /// <summary>Square root of each element.</summary>
    public static Mat Sqrt(Mat w) => w.WithElements(Sqrt(w.Elements));
    /// <summary>e raised to each element.</summary>
    public static Mat Exp(Mat w) => w.WithElements(Exp(w.Elements));
    /// <summary>Natural logarithm of each element.</summary>
    public static Mat Log(Mat w) => w.WithElements(Log(w.Elements));
    /// <summary>log(1 + x) of each element.</summary>
    public static Mat Log1p(Mat w) => w.WithElements(Log1p(w.Elements));
    /// <summary>Hyperbolic tangent of each element.</summary>
    public static Mat Tanh(Mat w) => w.WithElements(Tanh(w.Elements));
    /// <summary>The logistic function of each element.</summary>
    public static Mat Sigmoid(Mat w) => w.WithElements(Sigmoid(w.Elements));
    /// <summary>softplus of each element.</summary>
    public static Mat Softplus(Mat w) => w.WithElements(Softplus(w.Elements));
    /// <summary>max(x, 0) of each element.</summary>
    public static Mat Relu(Mat w) => w.WithElements(Relu(w.Elements));

    private static void RequireNonEmpty(Vec x, string op)
    {
        if (x.Length == 0) throw new ArgumentException($"{op} of an empty vector is undefined.", nameof(x));
    }
}
