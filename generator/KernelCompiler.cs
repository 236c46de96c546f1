using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Autodiff;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.Emit;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Lowering;
using KernelGen.Generator.Model;
using KernelGen.Generator.Ranges;
using KernelGen.Generator.Rewrites;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator;

/// <summary>The result of compiling one kernel: the generated source (null on error) and the diagnostics.</summary>
internal sealed record CompiledKernel(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>
    /// A failure after every check passed (scheduling or emission): only the code pipeline gets that far, so
    /// only it can report this.
    /// </summary>
    public DiagnosticInfo? EmitFailure { get; init; }
}

/// <summary>
/// The gradient of each parameter (null where there is none): <paramref name="Whole"/> for the parameter itself, and
/// for a Mat read elementwise, <paramref name="Elements"/> for its vector of elements (added into the same dW).
/// </summary>
internal sealed record KernelGradients(Node?[] Whole, Node?[] Elements);

/// <summary>
/// Runs the stages on one kernel, top to bottom: lowering, stabilizing rewrites, reverse-mode autodiff,
/// simplification, scheduling for the forward and the forward+backward variants, emission. A pure function
/// of the <see cref="KernelSpec"/>; any exception becomes diagnostic KG9999 on the kernel.
/// </summary>
internal static class KernelCompiler
{
    public static CompiledKernel Compile(KernelSpec spec) => Compile(spec, emit: true);

    /// <summary>Only the diagnostics: every stage but emission.</summary>
    public static EquatableArray<DiagnosticInfo> Diagnose(KernelSpec spec) => Compile(spec, emit: false).Diagnostics;

    private static CompiledKernel Compile(KernelSpec spec, bool emit)
    {
        if (spec.Diagnostics.Count > 0 || spec.Root < 0)
            return new CompiledKernel(spec.HintName, null, spec.Diagnostics);
        try
        {
            return CompileChecked(spec, emit);
        }
        catch (Exception ex)
        {
            return Fail(spec, DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.FilePath, spec.MethodSpan, spec.MethodName, ex.GetType().Name + ": " + ex.Message));
        }
    }

    private static CompiledKernel CompileChecked(KernelSpec spec, bool emit)
    {
        var kernel = Lowerer.Lower(spec);
        var graph = kernel.Graph;
        if (graph.ShapeErrors.Count > 0)
            return Fail(spec, graph.ShapeErrors.Select(e => DiagnosticInfo.Create(DiagnosticDescriptors.ShapeMismatch, spec.FilePath, e.Span, e.Message)).ToArray());
        if (spec.ReturnsVector != kernel.Root.IsVector)
            return Fail(spec, DiagnosticInfo.Create(DiagnosticDescriptors.ShapeMismatch, spec.FilePath, spec.MethodSpan,
                $"Kernel '{spec.MethodName}' is declared to return {(spec.ReturnsVector ? "Vec" : "float")} but its expression is a {(kernel.Root.IsVector ? "vector" : "scalar")}"));

        var stabilize = new RewriteEngine(graph, RuleSets.Stabilize);
        var forwardRoot = stabilize.Rewrite(kernel.Root);

        var seed = forwardRoot.IsVector ? graph.Seed(ShapeKind.Vector, forwardRoot.Dim0) : graph.Seed(ShapeKind.Scalar, -1);
        // A Mat used elementwise is also read as its vector of elements: that view gets its own gradient.
        int count = spec.Parameters.Count;
        var differentiable = kernel.ParameterNodes.Select((node, i) => spec.Parameters[i].NoGradient ? null : node)
            .Concat(Enumerable.Range(0, count).Select(i => spec.Parameters[i].NoGradient ? null : kernel.ElementNodes.ElementAtOrDefault(i))).ToArray();
        var (rawGradients, blocked) = ReverseMode.Differentiate(graph, forwardRoot, seed, differentiable);
        if (blocked.Count > 0)
            return Fail(spec, blocked.Select(b => DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiable, spec.FilePath, b.Span, b.Op.DisplayName(), spec.MethodName)).Distinct().ToArray());

        var simplify = new RewriteEngine(graph, RuleSets.Simplify);
        var root = simplify.Rewrite(forwardRoot);
        var simplified = rawGradients.Select(g => g is null ? null : simplify.Rewrite(g)).ToArray();
        var gradients = new KernelGradients(simplified.Take(count).ToArray(), simplified.Skip(count).ToArray());
        if (graph.ShapeErrors.Count > 0)
            throw new InvalidOperationException("a rewrite produced a shape error: " + graph.ShapeErrors[0].Message);

        var dims = DimensionPlan.Resolve(kernel, out var unresolved);
        if (dims is null)
            return Fail(spec, DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSize, spec.FilePath, spec.MethodSpan, unresolved!.Value.Side, unresolved.Value.Param, spec.MethodName));

        var constantIndices = ConstantIndices(forwardRoot, graph.Dims);
        foreach (var pair in constantIndices)
        {
            int size = graph.Dims.SizeOf(pair.Key);
            if (size >= 0 && pair.Value >= size)
                return Fail(spec, DiagnosticInfo.Create(DiagnosticDescriptors.ShapeMismatch, spec.FilePath, spec.MethodSpan,
                    $"Kernel '{spec.MethodName}' reads element {pair.Value} of a vector declared with {size} elements"));
        }

        var ranges = RangeAnalysis.For(graph);
        var findings = StabilityCheck.Run(ranges, new[] { forwardRoot, root }, GradientsByName(spec, gradients));
        // The warnings' text is only reported by the diagnostics pipeline; the code pipeline needs the findings for the remarks.
        if (!emit) return new CompiledKernel(spec.HintName, null, Warnings(spec, kernel, dims, findings));
        try
        {
            return Emit(spec, kernel, forwardRoot, root, gradients, dims, stabilize, simplify, constantIndices, ranges, findings);
        }
        catch (Exception ex)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.FilePath, spec.MethodSpan, spec.MethodName, ex.GetType().Name + ": " + ex.Message);
            return new CompiledKernel(spec.HintName, null, new[] { failure }.ToEquatableArray()) { EmitFailure = failure };
        }
    }

    private static (Node Gradient, string Of)[] GradientsByName(KernelSpec spec, KernelGradients gradients)
        => gradients.Whole.Concat(gradients.Elements).Select((g, i) => (g, spec.Parameters[i % spec.Parameters.Count].Name))
            .Where(x => x.g is not null).Select(x => (x.g!, x.Name)).ToArray();

    /// <summary>KG0016 for each hazard, on the exp that causes it (the kernel's name where that node has no position).</summary>
    private static EquatableArray<DiagnosticInfo> Warnings(KernelSpec spec, LoweredKernel kernel, DimensionPlan dims, List<Finding> findings)
    {
        if (findings.Count == 0) return EquatableArray<DiagnosticInfo>.Empty;
        var printer = new MathPrinter(new EmitContext(kernel, dims.Names));
        return findings.Select(f =>
        {
            var span = f.Hazard.Source.Span.Equals(SourceSpan.None) ? spec.MethodSpan : f.Hazard.Source.Span;
            return DiagnosticInfo.Create(DiagnosticDescriptors.Unstable, spec.FilePath, span,
                printer.Print(f.Hazard.Source), spec.MethodName, HazardMessages.WhatHappens(f.Hazard, printer.Print),
                HazardMessages.Consequence(f.Hazard, printer.Print), f.GradientOf is null ? "result" : $"gradient d{f.GradientOf}",
                HazardMessages.Fix(f.Hazard));
        }).Distinct().ToEquatableArray();
    }

    private static CompiledKernel Emit(KernelSpec spec, LoweredKernel kernel, Node forwardRoot, Node root, KernelGradients gradients, DimensionPlan dims, RewriteEngine stabilize, RewriteEngine simplify, Dictionary<int, int> constantIndices, RangeAnalysis ranges, List<Finding> findings)
    {
        var graph = kernel.Graph;

        // The schedules compute through stop-gradient markers and a vector divided by a scalar as a multiply by the
        // inverse; the remarks print the expressions as they were, from the model.
        var scheduled = new ScheduledGraph(graph);
        var scheduledForwardRoot = scheduled.Rewrite(forwardRoot)!;
        var scheduledRoot = scheduled.Rewrite(root)!;
        var scheduledGradients = new KernelGradients(gradients.Whole.Select(scheduled.Rewrite).ToArray(), gradients.Elements.Select(scheduled.Rewrite).ToArray());

        // In a batch, a vector parameter not marked [Shared] has its rows one after another.
        bool PerRowInput(Node input) => spec.Parameters[input.Param] is { Kind: ParamKind.Vector, Shared: false };
        Plan ScheduleForward(bool cacheResident, bool batch = false) => Scheduler.Schedule(graph, scheduledForwardRoot.IsScalar ? scheduledForwardRoot : null,
            scheduledForwardRoot.IsVector ? new[] { new VectorOutput(scheduledForwardRoot, scheduledForwardRoot.Dim0, new Target("result", false)) } : Array.Empty<VectorOutput>(),
            Array.Empty<(Node, string)>(), Array.Empty<MatrixOutput>(), cacheResident, batch ? PerRowInput : null);
        // Only a matrix's products can move out of the rows: without one the batch schedule is the row schedule.
        bool hasMatrix = spec.Parameters.Any(p => p.Kind == ParamKind.Matrix);
        var batchForward = hasMatrix ? ScheduleForward(cacheResident: false, batch: true) : null;
        var batchForwardBackward = hasMatrix ? ScheduleForwardBackward(spec, kernel, scheduledRoot, scheduledGradients, cacheResident: false, PerRowInput) : null;
        bool batched = batchForward is { IsBatched: true } && batchForwardBackward is { IsBatched: true };
        var forward = batched ? batchForward! : ScheduleForward(cacheResident: false);
        var forwardBackward = batched ? batchForwardBackward! : ScheduleForwardBackward(spec, kernel, scheduledRoot, scheduledGradients, cacheResident: false);
        var forwardInCache = forward.OnlinePass is not null ? ScheduleForward(cacheResident: true, batch: batched) : null;
        var forwardBackwardInCache = forwardBackward.OnlinePass is not null
            ? ScheduleForwardBackward(spec, kernel, scheduledRoot, scheduledGradients, cacheResident: true, batched ? PerRowInput : null) : null;
        // Eight rows across the lanes run the cache-resident plan where there is one (short rows always stay in cache).
        LaneVariant? Lanes(Plan plan) => LaneEligibility.RowDimension(spec, graph, scheduledForwardRoot, plan) is { } dim ? new LaneVariant(plan, dim) : null;
        var schedule = new KernelSchedule(graph.Dims, batched, (forward, forwardInCache), (forwardBackward, forwardBackwardInCache),
            Lanes(forwardInCache ?? forward), Lanes(forwardBackwardInCache ?? forwardBackward));

        var rewrites = stabilize.Fired.Concat(simplify.Fired.Where(f => stabilize.Fired.All(s => s.Rule.Name != f.Rule.Name))).ToList();
        var model = new KernelModel(kernel, forwardRoot, root, gradients.Whole, schedule, dims, rewrites, LabelDims(forwardRoot), constantIndices)
        {
            ElementGradients = gradients.Elements,
            Ranges = ranges,
            Findings = findings,
        };
        return new CompiledKernel(spec.HintName, KernelEmitter.Emit(model), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static Plan ScheduleForwardBackward(KernelSpec spec, LoweredKernel kernel, Node root, KernelGradients gradients, bool cacheResident, Func<Node, bool>? perRowInput = null)
    {
        var graph = kernel.Graph;
        var vectors = new List<VectorOutput>();
        var scalars = new List<(Node, string)>();
        var matrices = new List<MatrixOutput>();
        if (root.IsVector) vectors.Add(new VectorOutput(root, root.Dim0, new Target("result", false)));
        for (int i = 0; i < spec.Parameters.Count; i++)
        {
            var p = spec.Parameters[i];
            var g = gradients.Whole[i];
            // dw += the gradient of w's elements (an L2 penalty's lambda w), as a pass over all of them.
            if (p.HasGradient && gradients.Elements[i] is { } elements)
                vectors.Add(new VectorOutput(elements, kernel.ElementNodes[i]!.Dim0, new Target("d" + p.Name, Accumulate: true)));
            string target = "d" + p.Name;
            if (!p.HasGradient) continue;
            switch (p.Kind)
            {
                case ParamKind.Vector when g is not null:
                    vectors.Add(new VectorOutput(g, kernel.RowDims[i], new Target(target, Accumulate: p.Shared)));
                    break;
                case ParamKind.Vector when !p.Shared:
                    // The result does not depend on this input: its gradient is zero.
                    vectors.Add(new VectorOutput(graph.Const(0), kernel.RowDims[i], new Target(target, Accumulate: false)));
                    break;
                case ParamKind.Matrix when g is not null:
                    matrices.Add(new MatrixOutput(kernel.ParameterNodes[i]!, g, target));
                    break;
                case ParamKind.Scalar when g is not null:
                    scalars.Add((g, target));
                    break;
            }
        }
        return Scheduler.Schedule(graph, root.IsScalar ? root : null, vectors, scalars, matrices, cacheResident, perRowInput);
    }

    private static Dictionary<int, List<int>> LabelDims(Node root)
    {
        var result = new Dictionary<int, List<int>>();
        foreach (var n in GraphWalk.Reachable(new[] { root }).Where(n => n.Op == Op.Gather && n.B.Param >= 0))
        {
            if (!result.TryGetValue(n.B.Param, out var list)) result[n.B.Param] = list = new List<int>();
            list.Add(n.A.Dim0);
        }
        return result;
    }

    /// <summary>For each dimension indexed by a constant (x[2]), the largest such index: the row must be longer.</summary>
    private static Dictionary<int, int> ConstantIndices(Node root, Dims dims)
    {
        var result = new Dictionary<int, int>();
        foreach (var n in GraphWalk.Reachable(new[] { root }).Where(n => n.Op == Op.Gather && n.B.Param == -1))
        {
            int dim = dims.Find(n.A.Dim0), index = (int)n.B.Value;
            result[dim] = result.TryGetValue(dim, out int known) ? Math.Max(known, index) : index;
        }
        return result;
    }

    private static CompiledKernel Fail(KernelSpec spec, params DiagnosticInfo[] diagnostics)
        => new(spec.HintName, null, diagnostics.ToEquatableArray());
}
