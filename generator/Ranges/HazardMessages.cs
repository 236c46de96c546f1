using System;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Ranges;

/// <summary>The words of a KG0016 warning: what overflows, for which inputs, what it then does, and how to write it instead.</summary>
internal static class HazardMessages
{
    /// <summary>"overflows to +inf when x is above 88.7", or "underflows to 0 when x is below -87.3".</summary>
    public static string WhatHappens(Hazard hazard, Func<Node, string> print)
    {
        bool underflow = hazard.Kind is HazardKind.LogOfUnderflow or HazardKind.DivisionByUnderflow;
        string argument = print(hazard.Source.A);
        if (underflow)
            return $"underflows to 0 when {argument} is below -87.3";
        return $"overflows to +inf when {argument} is above 88.7";
    }

    /// <summary>"log(...) then returns +inf" and so on.</summary>
    public static string Consequence(Hazard hazard, Func<Node, string> print) => hazard.Kind switch
    {
        HazardKind.OverflowShrunk => $"{print(hazard.At)} is then +inf",
        HazardKind.InfinityTimesZero => $"{print(hazard.At)} is then inf * 0 = NaN where the other factor is 0",
        HazardKind.InfinityMinusInfinity => $"{print(hazard.At)} is then inf - inf = NaN",
        HazardKind.InfinityOverInfinity => $"{print(hazard.At)} is then inf / inf = NaN",
        HazardKind.LogOfUnderflow => $"{print(hazard.At)} is then log(0) = -inf",
        HazardKind.DivisionByUnderflow => $"{print(hazard.At)} then divides by 0",
        _ => "the result is then wrong",
    };

    public static string Fix(Hazard hazard) => hazard.Kind switch
    {
        HazardKind.OverflowShrunk or HazardKind.LogOfUnderflow =>
            "write Log(1 + Exp(v)) as Softplus(v), Log(Sigmoid(v)) as LogSigmoid(v), Log(Sum(Exp(v))) as LogSumExp(v) and Log(Softmax(v)) as LogSoftmax(v), or subtract StopGradient(Max(v)) inside the exp and add it back after the log",
        HazardKind.InfinityTimesZero =>
            "keep the factor inside the exponent (Exp(a + Log(b)) for b > 0), write 1 / (1 + Exp(-v)) as Sigmoid(v), or bound the argument, e.g. Exp(Min(v, 80f))",
        _ => "write exp(v) / sum(exp(v)) as Softmax(v) and 1 / (1 + Exp(-v)) as Sigmoid(v), or subtract StopGradient(Max(v)) from the exponents so that none exceeds 0",
    };
}
