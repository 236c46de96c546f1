using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Ranges;

namespace KernelGen.Generator.Emit;

/// <summary>
/// What the range analysis proved, one sentence per exp, log and division of the forward expression and the
/// gradients: the bound on the argument and the fact it rests on ("argument at most 0: shifted by the row max").
/// </summary>
internal static class RangeRemarks
{
    public static List<string> Describe(KernelModel model, MathPrinter printer)
    {
        var roots = new[] { model.ForwardRoot }.Concat(model.Gradients.Concat(model.ElementGradients).Where(g => g is not null).Select(g => g!));
        var warned = new HashSet<Node>(model.Findings.Select(f => f.Hazard.Source));
        var lines = new List<string>();
        foreach (var node in GraphWalk.Reachable(roots).Where(IsGuarded))
        {
            string? line = Sentence(node, model.Ranges.Of(node.Op == Op.Div ? node.B : node.A), warned.Contains(node), printer);
            if (line is not null && !lines.Contains(line)) lines.Add(line);
        }
        return lines;
    }

    private static bool IsGuarded(Node n) => n.Op is Op.Exp or Op.Expm1 or Op.Log or Op.Log1p or Op.Div;

    private static string? Sentence(Node n, RangeInfo argument, bool warned, MathPrinter printer)
    {
        var v = argument.Value;
        string because = argument.Why is null ? "" : " (" + argument.Why + ")";
        string text = printer.Print(n);
        switch (n.Op)
        {
            case Op.Exp or Op.Expm1 when warned:
                return $"{text}: argument unbounded; it can overflow or underflow where the result should be finite (warning KG0016)";
            case Op.Exp or Op.Expm1 when v.Hi <= RangeAnalysis.ExpOverflow:
                return $"{text}: argument at most {Interval.Format(v.Hi)}{because}, so it cannot overflow";
            case Op.Exp or Op.Expm1:
                return $"{text}: argument unbounded above; it overflows only where the exact result is beyond float too";
            case Op.Log when argument.CanUnderflow:
                return $"{text}: argument can underflow to 0 (warning KG0016)";
            case Op.Log when v.Lo > 0:
                return $"{text}: argument at least {Interval.Format(v.Lo)}{because}, so the log is finite";
            case Op.Log:
                return $"{text}: argument not bounded away from 0 ({v}): the log of 0 is -inf, as in exact arithmetic";
            case Op.Log1p when v.Lo > -1:
                return $"{text}: argument at least {Interval.Format(v.Lo)}{because}, so log1p is finite";
            case Op.Log1p:
                return $"{text}: argument can reach -1 ({v}): log1p(-1) is -inf, as in exact arithmetic";
            case Op.Div when n.B.Op is Op.Const or Op.Length:
                return null;
            case Op.Div when argument.CanUnderflow:
                return $"{text}: denominator can underflow to 0 (warning KG0016)";
            case Op.Div when v.Lo > 0:
                return $"{text}: denominator at least {Interval.Format(v.Lo)}{because}, never 0";
            case Op.Div when !v.CanBeZero:
                return $"{text}: denominator in {v}{because}, never 0";
            default:
                return $"{text}: denominator can be 0 ({v}): the quotient is then infinite, as in exact arithmetic";
        }
    }
}
