using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Lowering;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Names for one generated method: dimensions, scalar locals, scratch buffers and span refs. Every local
/// gets a readable name derived from what it holds (max, sumExp, zAtY), made unique with a letter suffix
/// (a digit could run into a numbered parameter such as x1).
/// </summary>
internal sealed class EmitContext
{
    private readonly HashSet<string> _taken = new();

    public EmitContext(LoweredKernel kernel, IReadOnlyDictionary<int, string> dimNames)
    {
        Kernel = kernel;
        DimNames = dimNames;
        Vectors = VectorApi.For(kernel.Spec);
        foreach (var p in kernel.Spec.Parameters) _taken.Add(p.Name);
        foreach (var name in dimNames.Values) _taken.Add(name);
        foreach (var reserved in ReservedNames.All) _taken.Add(reserved);
    }

    public LoweredKernel Kernel { get; }

    /// <summary>How the vector operations that changed in .NET 9 are spelled for this kernel's target.</summary>
    public VectorApi Vectors { get; }
    public Dims Dims => Kernel.Graph.Dims;
    public IReadOnlyDictionary<int, string> DimNames { get; }

    /// <summary>Scalar locals already declared, by node.</summary>
    public Dictionary<Node, string> Scalars { get; } = new();

    /// <summary>Scratch buffers (w * x, wᵀ g), by node.</summary>
    public Dictionary<Node, string> Buffers { get; } = new();

    public string DimName(int dim) => DimNames[Dims.Find(dim)];

    public int DimSize(int dim) => Dims.SizeOf(dim);

    public string ParamName(int index) => Kernel.Spec.Parameters[index].Name;

    private readonly Stack<List<string>> _scopes = new();

    /// <summary>Names taken until <see cref="EndScope"/> are released then (locals of one loop block).</summary>
    public void BeginScope() => _scopes.Push(new List<string>());

    public void EndScope()
    {
        foreach (var name in _scopes.Pop())
        {
            _taken.Remove(name);
            _usedInNestedScopes.Add(name);
        }
    }

    /// <summary>C# forbids an outer local named like one in a nested block, even one declared earlier; sibling blocks may share names.</summary>
    private readonly HashSet<string> _usedInNestedScopes = new();

    /// <summary>A fresh local name starting with <paramref name="stem"/>.</summary>
    public string Fresh(string stem)
    {
        string name = stem;
        for (int k = 1; !IsFree(name) || !_taken.Add(name); k++)
        {
            // Past Z, continue from where this stem last stopped: a kernel with thousands of sums stays linear.
            if (k == 26 && _longSuffixes.TryGetValue(stem, out int next)) k = next;
            name = stem + Suffix(k);
            if (k >= 26) _longSuffixes[stem] = k + 1;
        }
        if (_scopes.Count > 0) _scopes.Peek().Add(name);
        return name;
    }

    /// <summary>Per stem, the next suffix index past Z (see <see cref="Fresh"/>).</summary>
    private readonly Dictionary<string, int> _longSuffixes = new();

    /// <summary>
    /// The k-th alternative ending of a taken name: B..Z, then ZB..ZZ, ZZB.. and so on. Always letters (a digit would
    /// run into a numbered parameter such as x1), so any stem with any suffix is a valid identifier, however many names share it.
    /// </summary>
    internal static string Suffix(int k) => k <= 25 ? ((char)('A' + k)).ToString() : "Z" + Suffix(k - 25);

    private bool IsFree(string name) => _scopes.Count > 0 || !_usedInNestedScopes.Contains(name);

    /// <summary>The span (or buffer) a vector leaf is read from.</summary>
    public string SourceOf(Node leaf) => leaf.Op switch
    {
        Op.Input => ParamName(leaf.Param),
        Op.Seed => "dResult",
        Op.MatRow when leaf.Param >= 0 => ParamName(leaf.A.Param) + leaf.Param.ToString(System.Globalization.CultureInfo.InvariantCulture) + "Row",
        Op.MatRow => ParamName(leaf.A.Param) + "Row",
        _ => Buffers[leaf],
    };

    public static string Literal(float value)
    {
        if (float.IsPositiveInfinity(value)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(value)) return "float.NegativeInfinity";
        if (float.IsNaN(value)) return "float.NaN";
        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    public string LabelText(Node label) => label.Param switch
    {
        Graph.RowIndexParam => "r",
        < 0 => ((int)label.Value).ToString(CultureInfo.InvariantCulture),
        _ => ParamName(label.Param),
    };

    /// <summary>A readable stem for a scalar local holding <paramref name="node"/>.</summary>
    public string StemFor(Node node) => node.Op switch
    {
        Op.ReduceMax => "max",
        Op.ReduceMin => "min",
        Op.Sum when node.A.Op == Op.Exp => "sumExp",
        Op.Sum when node.A.Op == Op.Mul && FixedRow(node.A) is { } row
            => "row" + row.ToString(System.Globalization.CultureInfo.InvariantCulture) + "Dot",
        Op.Sum => "sum",
        Op.Gather when node.B.Param == Graph.RowIndexParam => "rowGradient",
        Op.Gather when node.A.Op is Op.Input or Op.Seed || Buffers.ContainsKey(node.A)
            => SourceOf(node.A) + "At" + Capitalize(LabelText(node.B)),
        Op.Gather => "element",
        Op.Add when IsLogSumExp(node) => "logSumExp",
        Op.Log => "log" + (node.A.Op == Op.Sum && node.A.A.Op == Op.Exp ? "SumExp" : ""),
        // 1 / s: the inverse a division by s multiplies by (see ScalarDivisions).
        Op.Div when node.A is { Op: Op.Const, Value: 1f } => (NameOf(node.B) ?? (node.B.Op == Op.Const ? "constant" : StemFor(node.B))) + "Inverse",
        Op.Div when NameOf(node.A) is { } a && NameOf(node.B) is { } b => a + "Over" + Capitalize(b),
        Op.Div => "ratio",
        Op.Mul when NameOf(node.A) is { } a && NameOf(node.B) is { } b => a + "Times" + Capitalize(b),
        Op.Mul => "product",
        _ => "t",
    };

    /// <summary>The name a reader knows a scalar by: a parameter or an existing local; null for expressions.</summary>
    private string? NameOf(Node n)
    {
        n = StopGradient.Strip(n);
        if (Scalars.TryGetValue(n, out var local)) return local;
        return n.Op switch
        {
            Op.Input when n.IsScalar => ParamName(n.Param),
            Op.Seed when n.IsScalar => "gradScale",
            _ => null,
        };
    }

    /// <summary>The row index when <paramref name="product"/> multiplies a fixed matrix row (either operand).</summary>
    private static int? FixedRow(Node product)
        => product.Args.FirstOrDefault(a => a.Op == Op.MatRow && a.Param >= 0)?.Param;

    private static bool IsLogSumExp(Node n) => (n.A.Op == Op.StopGrad && n.B.Op == Op.Log) || (n.B.Op == Op.StopGrad && n.A.Op == Op.Log);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
}
