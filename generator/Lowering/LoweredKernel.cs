using System.Collections.Generic;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Lowering;

/// <summary>A kernel as a graph of primitives: the root, and per parameter its leaf node and dimensions.</summary>
internal sealed class LoweredKernel
{
    public LoweredKernel(KernelSpec spec, Graph graph, Node root, Node?[] parameterNodes, int[] rowDims, int[] columnDims)
    {
        Spec = spec;
        Graph = graph;
        Root = root;
        ParameterNodes = parameterNodes;
        RowDims = rowDims;
        ColumnDims = columnDims;
    }

    public KernelSpec Spec { get; }
    public Graph Graph { get; }
    public Node Root { get; set; }
    /// <summary>The leaf of each float parameter (Vec, Mat, float); null for labels.</summary>
    public IReadOnlyList<Node?> ParameterNodes { get; }
    /// <summary>A Vec parameter's dimension, or a Mat's rows; -1 for scalars and labels.</summary>
    public int[] RowDims { get; }
    /// <summary>A Mat parameter's columns; -1 otherwise.</summary>
    public int[] ColumnDims { get; }
    /// <summary>
    /// For a Mat parameter used elementwise or in a reduction (Sum(Square(w))), its elements as one vector of
    /// rows x columns floats, read from the same span; null for other parameters.
    /// </summary>
    public IReadOnlyList<Node?> ElementNodes { get; init; } = System.Array.Empty<Node?>();
}
