using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>What a pass does, in the words of the comment above its call and of its operator's summary.</summary>
internal static class PassDescription
{
    public static string Of(PassStep pass, EmitContext ctx)
    {
        var printer = new MathPrinter(ctx, useLocalNames: true);
        var parts = new List<string>();
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case OnlineLogSumExpItem o:
                    parts.Add($"running max and sum of exp({printer.Print(o.Value)} - max), the sum rescaled when the max grows (one read instead of two)");
                    break;
                case ReduceItem r:
                    string fn = r.Reduction.Op switch { Op.Sum => "sum", Op.ReduceMax => "max", _ => "min" };
                    parts.Add($"{fn} of {printer.Print(r.Reduction.A)}");
                    break;
                case WriteItem { IsStash: true } w:
                    parts.Add($"keeps {printer.Print(w.Value!)} in {w.Target.Name} for the passes after this one");
                    break;
                case WriteItem w:
                    string value = w.Value is null ? "0" : printer.Print(w.Value);
                    parts.Add($"{(w.Target.Accumulate ? "adds" : "writes")} {w.Target.Name} {(w.Target.Accumulate ? "+=" : "=")} {value}{(w.OneHotTerms.Count > 0 ? " (one-hot terms applied after the loop)" : "")}");
                    break;
            }
        }
        string text = string.Join("; ", parts);
        foreach (var pair in pass.Stashed.OrderBy(p => p.Key.Id)) text += $"; {printer.Print(pair.Key)} read back from {pair.Value.Name}";
        if (printer.Definitions.Count > 0) text += ", where " + string.Join("; ", printer.Definitions);
        return text;
    }
}
