using System;
using System.Linq;
using System.Reflection;
using KernelGen.CompilerServices;
using KernelGen.Tests.Catalog;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// The shape of the types the JIT inlines into every pass. The JIT inlines a chain of AggressiveInlining methods
/// without counting it against its budget; a method without the attribute in the chain, such as the bridge the C#
/// compiler adds when an implicit implementation of an interface method with an in parameter does not carry the
/// interface's modifier, makes it count everything below, and a core of a few passes then ran out of budget and left
/// its operators as calls. Nothing here can be seen in the generated text; these tests look at the compiled types.
/// </summary>
public class OperatorShapeTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void Generated_operators_have_one_Invoke_the_interface_calls_directly()
    {
        var operators = typeof(CatalogKernels).Assembly.GetTypes()
            .Where(t => t.IsValueType && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRowOperator<>)))
            .Where(t => t.DeclaringType?.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>()?.Tool == "KernelGen")
            .ToList();
        Assert.True(operators.Count > 50, $"only {operators.Count} generated operators found");
        foreach (var op in operators)
        {
            var invokes = op.GetMethods(Declared).Where(m => m.Name.EndsWith("Invoke", StringComparison.Ordinal)).ToList();
            // One method: the explicit implementation itself, no public method with a bridge in front of it.
            Assert.True(invokes.Count == 1, $"{op.FullName} has {string.Join(", ", invokes.Select(m => m.Name))}");
            Assert.True(invokes[0].MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveInlining), $"{op.FullName}.Invoke is not AggressiveInlining");
        }
    }

    [Fact]
    public void Cores_are_compiled_on_their_own_and_never_inlined_into_a_caller()
    {
        // A caller recompiled at tier 1 that inlined an entry point and its cores ran out of inlining budget inside
        // them (LogSumExpWithTemperature's forward 1.7x slower): every core is NoInlining and fully optimized.
        var kernels = typeof(CatalogKernels).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>()?.Tool == "KernelGen")
            .ToList();
        var cores = kernels.SelectMany(k => k.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Forward", StringComparison.Ordinal))
            .ToList();
        Assert.True(cores.Count > 100, $"only {cores.Count} cores found in {kernels.Count} generated kernel classes");
        foreach (var core in cores)
        {
            var flags = core.MethodImplementationFlags;
            Assert.True(flags.HasFlag(MethodImplAttributes.NoInlining) && flags.HasFlag(MethodImplAttributes.AggressiveOptimization),
                $"{core.DeclaringType!.Name}.{core.Name} is {flags}");
        }
    }

    [Theory]
    [InlineData(typeof(SumAccumulator))]
    [InlineData(typeof(MaxAccumulator))]
    [InlineData(typeof(MinAccumulator))]
    [InlineData(typeof(RunningMaxSumAccumulator))]
    [InlineData(typeof(NoAccumulator))]
    [InlineData(typeof(Accumulators<SumAccumulator, MaxAccumulator>))]
    public void Accumulators_implement_their_interface_without_bridges(Type accumulator)
    {
        var bridges = accumulator.GetMethods(Declared).Where(m => m.Name.Contains("IRowAccumulator", StringComparison.Ordinal)).Select(m => m.Name).ToList();
        Assert.True(bridges.Count == 0, $"{accumulator.Name} has bridge methods: {string.Join(", ", bridges)}");
        foreach (var method in accumulator.GetMethods(Declared).Where(m => m.Name is "Merge" or "FinishLanes" or "Add" or "AddProduct"))
            Assert.True(method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveInlining), $"{accumulator.Name}.{method.Name} is not AggressiveInlining");
    }
}
