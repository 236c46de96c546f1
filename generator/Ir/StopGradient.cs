namespace KernelGen.Generator.Ir;

/// <summary>Stop-gradient matters only to autodiff; every later stage sees through it.</summary>
internal static class StopGradient
{
    public static Node Strip(Node n)
    {
        while (n.Op == Op.StopGrad) n = n.A;
        return n;
    }
}
