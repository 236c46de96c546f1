using System.Collections.Generic;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Lowering;
using KernelGen.Generator.Ranges;
using KernelGen.Generator.Rewrites;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>Everything the emitter needs for one kernel, after all compiler stages ran.</summary>
internal sealed class KernelModel
{
    public KernelModel(LoweredKernel kernel, Node forwardRoot, Node root, Node?[] gradients, KernelSchedule schedule,
        DimensionPlan dims, List<(RewriteRule Rule, int Count)> rewrites, Dictionary<int, List<int>> labelDims, Dictionary<int, int> constantIndices)
    {
        Kernel = kernel;
        ForwardRoot = forwardRoot;
        Root = root;
        Gradients = gradients;
        Schedule = schedule;
        Dims = dims;
        Rewrites = rewrites;
        LabelDims = labelDims;
        ConstantIndices = constantIndices;
    }

    public LoweredKernel Kernel { get; }
    /// <summary>The stabilized forward expression.</summary>
    public Node ForwardRoot { get; }
    /// <summary>The forward expression as simplified together with the gradients.</summary>
    public Node Root { get; }
    /// <summary>The gradient of each parameter (null for labels and for inputs the result does not depend on).</summary>
    public Node?[] Gradients { get; }
    /// <summary>How the kernel runs: the plans of its rows, and when each runs (Scheduling's decisions).</summary>
    public KernelSchedule Schedule { get; }
    /// <summary>For a Mat read elementwise, the gradient of its elements, added into the same dW; else null.</summary>
    public Node?[] ElementGradients { get; init; } = System.Array.Empty<Node?>();
    /// <summary>The range analysis of the forward expression and the gradients, for the remarks.</summary>
    public RangeAnalysis Ranges { get; init; } = null!;
    /// <summary>What the analysis could not prove stable (reported as KG0016), for the remarks.</summary>
    public List<Finding> Findings { get; init; } = new();
    public DimensionPlan Dims { get; }
    public List<(RewriteRule Rule, int Count)> Rewrites { get; }
    /// <summary>For each label parameter, the dimensions it indexes (its valid range).</summary>
    public Dictionary<int, List<int>> LabelDims { get; }
    /// <summary>For each dimension indexed by a constant, the largest constant index.</summary>
    public Dictionary<int, int> ConstantIndices { get; }
}
