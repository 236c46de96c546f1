namespace KernelGen.Generator.Ir;

/// <summary>
/// Stop-gradient matters only to autodiff. The schedules are built on the graph with the markers erased
/// (<c>Scheduling.ScheduledGraph</c>); the stages before them (rewrites, ranges) and the remarks, which print the graph
/// as the user's expression became, see through them with <see cref="Strip"/>.
/// </summary>
internal static class StopGradient
{
    public static Node Strip(Node n)
    {
        while (n.Op == Op.StopGrad) n = n.A;
        return n;
    }
}
