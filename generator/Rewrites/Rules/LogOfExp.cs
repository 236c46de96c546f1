using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(exp(v))</c> becomes <c>v</c>.</summary>
internal sealed class LogOfExp : RewriteRule
{
    public override string Name => "log-of-exp";

    public override string Reason => "log(exp(v)) is v, and exp(v) alone can overflow";

    public override Node? Apply(Node node, Graph graph)
        => node.Op == Op.Log && node.A.Op == Op.Exp ? node.A.A : null;
}
