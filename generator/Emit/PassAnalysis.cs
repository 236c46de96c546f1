using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// What one pass reads, computes and keeps, before any of it is written as C#: the vector leaves it loads (inputs,
/// buffers, values an earlier pass stashed), the elementwise nodes worth a local (used twice, transcendental, or
/// part of an expression too long for one statement), the scalars it takes from outside the loop (a division's
/// inverse among them: the schedules divide once per row, see <see cref="ScalarDivisions"/>), and the labels its
/// one-hot terms compare with.
/// </summary>
internal sealed class PassAnalysis
{
    private readonly Dictionary<Node, int> _uses = new();

    private PassAnalysis(PassStep pass) => Stashed = pass.Stashed;

    /// <summary>Values an earlier pass stashed in a span: loaded from there, not computed.</summary>
    public IReadOnlyDictionary<Node, Target> Stashed { get; }

    /// <summary>Vector leaves read from memory, in the order first met.</summary>
    public List<Node> Loads { get; } = new();

    /// <summary>Elementwise nodes computed into a local, each after the locals it reads.</summary>
    public List<Node> Locals { get; } = new();

    /// <summary>Scalars the pass reads (kernel scalars, results of earlier passes, constants), in the order first met.</summary>
    public List<Node> Scalars { get; } = new();

    /// <summary>The labels of one-hot terms the pass computes element by element.</summary>
    public List<Node> Labels { get; } = new();

    public static PassAnalysis Of(PassStep pass)
    {
        var analysis = new PassAnalysis(pass);
        analysis.Analyze(pass);
        return analysis;
    }

    private void Analyze(PassStep pass)
    {
        var topo = new List<Node>();
        foreach (var item in pass.Items)
            if (item.Element is { } element) Visit(element, topo);
        // A square's operand is read twice (a * a): computed once into a local.
        foreach (var n in topo)
            if (n.Op == Op.Square && n.A.IsVector && n.A.Op.IsElementwise()) _uses[n.A] = 2;
        Locals.AddRange(LongExpressions.Locals(topo, n => _uses[n] > 1 || n.Op.IsTranscendental()));
    }

    private void Visit(Node n, List<Node> topo)
    {
        if (n.IsScalar)
        {
            if (!Scalars.Contains(n)) Scalars.Add(n);
            return;
        }
        if (PassWidth.IsLoad(n, Stashed))
        {
            if (!Loads.Contains(n)) Loads.Add(n);
            return;
        }
        if (_uses.TryGetValue(n, out int uses))
        {
            _uses[n] = uses + 1;
            return;
        }
        _uses[n] = 1;
        if (n.Op == Op.OneHot)
        {
            if (!Labels.Contains(n.A)) Labels.Add(n.A);
            return;
        }
        foreach (var a in n.Args) Visit(a, topo);
        topo.Add(n);
    }

    /// <summary>True for a product computed in place (no local): an add into it folds into a multiply-add.</summary>
    public bool IsInlineProduct(Node value)
    {
        return value.Op == Op.Mul && !value.IsScalar && !Locals.Contains(value) && !Loads.Contains(value);
    }
}
