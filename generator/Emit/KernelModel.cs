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
    public KernelModel(LoweredKernel kernel, Node forwardRoot, Node root, Node?[] gradients, Plan forward, Plan forwardBackward,
        DimensionPlan dims, List<(RewriteRule Rule, int Count)> rewrites, Dictionary<int, List<int>> labelDims, Dictionary<int, int> constantIndices)
    {
        Kernel = kernel;
        ForwardRoot = forwardRoot;
        Root = root;
        Gradients = gradients;
        Forward = forward;
        ForwardBackward = forwardBackward;
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
    public Plan Forward { get; }
    public Plan ForwardBackward { get; }
    /// <summary>The schedule for rows that fit in cache (one exp per element), when it differs from <see cref="Forward"/>.</summary>
    public Plan? ForwardInCache { get; init; }
    /// <summary>The cache-resident schedule of the forward+backward variant, when it differs.</summary>
    public Plan? ForwardBackwardInCache { get; init; }
    /// <summary>
    /// The batch schedule, when it differs from running the row schedule on every row: matrix products of
    /// per-row inputs (and the matrix gradients' outer products) done once for the whole batch.
    /// </summary>
    public Plan? BatchForward { get; init; }
    /// <summary>The batch schedule of the forward+backward variant.</summary>
    public Plan? BatchForwardBackward { get; init; }
    /// <summary>The batch schedule's cache-resident forward plan, when <see cref="ForwardInCache"/> exists.</summary>
    public Plan? BatchForwardInCache { get; init; }
    /// <summary>The batch schedule's cache-resident forward+backward plan, when <see cref="ForwardBackwardInCache"/> exists.</summary>
    public Plan? BatchForwardBackwardInCache { get; init; }
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
