namespace KernelGen.Generator.Ir;

/// <summary>
/// Every operation of the IR. The front end may produce composites; lowering replaces them with primitives,
/// and everything after lowering (rewrites, autodiff, scheduling, emission) sees primitives only.
/// </summary>
internal enum Op
{
    // Leaves.
    Input,      // a kernel parameter (Param = its index)
    Const,      // a float constant (Value)
    Label,      // an int parameter used as an index (Param), an integer constant (Value, Param = -1), or the row of a matrix loop (Param = -2)
    Length,     // the length of a vector operand, as a float (for Mean)
    Seed,       // the upstream gradient of the kernel's result (backward only)

    // Elementwise unary.
    Neg, Exp, Log, Abs, Sqrt, Square, StopGrad,
    Log1p, Expm1, Sigmoid, Softplus, Tanh, // the stable forms the rewrites produce, also written directly
    Floor, Sign, // piecewise constant: forward only

    // Elementwise binary, a scalar operand broadcasts.
    Add, Sub, Mul, Div, Min, Max,
    LogAddExp, // log(exp(a) + exp(b)), computed as max(a, b) + softplus(-|a - b|)
    GreaterOrEqualMask, StepMask, EqualMask, // 1 where the comparison holds, else 0; StepMask is 1 for a > b, 1/2 at a tie, 0 for a < b (produced by autodiff)

    // Reductions: vector -> scalar.
    Sum, ReduceMax, ReduceMin,

    // Indexing.
    Gather,     // v[label] -> scalar
    OneHot,     // a vector of the label's length-dimension with 1 at the label (produced by autodiff)

    // Matrix.
    MatVec,     // w * x
    MatTVec,    // transpose(w) * g (produced by autodiff)
    Outer,      // g x^T, a matrix gradient (produced by autodiff)
    MatRow,     // one row of a matrix, the vector a matrix loop works on (scheduling only)

    // Composites (front end only).
    Mean, Dot, Softmax, LogSoftmax, LogSumExp, Softmin, CrossEntropyLabel, CrossEntropySoft, Nll, Mse, Huber,
    Relu, LogSigmoid, BinaryCrossEntropy,
}

internal static class OpFacts
{
    public static bool IsElementwiseUnary(this Op op) => op is >= Op.Neg and <= Op.Sign;

    public static bool IsElementwiseBinary(this Op op) => op is >= Op.Add and <= Op.EqualMask;

    public static bool IsElementwise(this Op op) => op.IsElementwiseUnary() || op.IsElementwiseBinary();

    public static bool IsReduction(this Op op) => op is Op.Sum or Op.ReduceMax or Op.ReduceMin;

    public static bool IsPiecewiseConstant(this Op op) => op is Op.Floor or Op.Sign or Op.GreaterOrEqualMask or Op.StepMask or Op.EqualMask;

    /// <summary>Ops that cost a polynomial evaluation: each is computed once per element and kept in a local.</summary>
    public static bool IsTranscendental(this Op op) => op is Op.Exp or Op.Log or Op.Log1p or Op.Expm1 or Op.Sigmoid or Op.Softplus or Op.Tanh or Op.LogAddExp;

    public static bool IsCommutative(this Op op) => op is Op.Add or Op.Mul or Op.Min or Op.Max or Op.LogAddExp or Op.EqualMask;

    /// <summary>The name the user writes, for messages and remarks.</summary>
    public static string DisplayName(this Op op) => op switch
    {
        Op.ReduceMax => "Max",
        Op.ReduceMin => "Min",
        Op.StopGrad => "StopGradient",
        Op.CrossEntropyLabel or Op.CrossEntropySoft => "CrossEntropy",
        _ => op.ToString(),
    };
}
