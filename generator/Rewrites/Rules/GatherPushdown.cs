using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>f(u, v)[i]</c> becomes <c>f(u[i], v[i])</c> for elementwise f (scalars pass through).</summary>
internal sealed class GatherPushdown : RewriteRule
{
    public override string Name => "gather-pushdown";

    public override string Reason => "indexing an elementwise result needs one element, not the whole row: -log(softmax(z))[y] becomes logsumexp(z) - z[y]";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Gather) return null;
        var inner = node.A;
        var label = node.B;
        Node At(Node v) => v.IsVector ? graph.Gather(v, label) : v;
        if (inner.Op.IsElementwiseUnary()) return graph.Unary(inner.Op, At(inner.A));
        if (inner.Op.IsElementwiseBinary()) return graph.Binary(inner.Op, At(inner.A), At(inner.B));
        return null;
    }
}
