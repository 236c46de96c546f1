using System.Collections.Generic;
using KernelGen.Generator.Rewrites.Rules;

namespace KernelGen.Generator.Rewrites;

/// <summary>The rule lists the compiler runs, in priority order.</summary>
internal static class RuleSets
{
    /// <summary>Run on the forward expression: stability first, then cleanup.</summary>
    public static IReadOnlyList<RewriteRule> Stabilize { get; } = new RewriteRule[]
    {
        new ConstantFolding(),
        new AlgebraicIdentities(),
        new SoftplusOfExp(),
        new Log1pOfOnePlus(),
        new Expm1OfExpMinusOne(),
        new SigmoidOfQuotient(),
        new OneMinusSigmoid(),
        new LogOfSigmoid(),
        new BinaryCrossEntropyForm(),
        new SoftmaxMaxShift(),
        new LogSumExpMaxShift(),
        new LogOfExpQuotient(),
        new LogOfExp(),
        new LogOfQuotient(),
        new LogOfScaled(),
        new LogAddExp(),
        new SubtractMaxFirst(),
        new GroupScalarShifts(),
        new GatherPushdown(),
    };

    /// <summary>Run on forward and gradient together after autodiff.</summary>
    public static IReadOnlyList<RewriteRule> Simplify { get; } = new RewriteRule[]
    {
        new ConstantFolding(),
        new AlgebraicIdentities(),
        new PullScalarOutOfSum(),
        new GatherPushdown(),
    };
}
