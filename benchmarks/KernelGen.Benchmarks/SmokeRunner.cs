using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// <c>--smoke</c>: every benchmark once, at tiny sizes, without BenchmarkDotNet, in seconds. It finds the
/// benchmark classes the way BenchmarkDotNet does, so a new class is covered without being listed here, and
/// checks what <see cref="ISmokeCheck"/> lets it see. A full run takes minutes and reports a broken benchmark as a
/// number; this is the check to run after every change.
/// </summary>
internal static class SmokeRunner
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;

    /// <summary>Runs everything, one line per benchmark, then the generator-steps check; 0 if all passed.</summary>
    public static int Run(TextWriter output)
    {
        int runs = 0, failures = 0;
        foreach (Type type in BenchmarkTypes())
        {
            foreach (var parameters in Combinations(type))
            {
                foreach (var (name, problem) in RunCase(type, parameters))
                {
                    runs++;
                    if (problem is not null) failures++;
                    output.WriteLine($"{(problem is null ? "ok  " : "FAIL")}  {type.Name}.{name} [{Display(parameters)}]{(problem is null ? "" : ": " + problem)}");
                }
            }
        }

        output.WriteLine();
        bool stepsCached = GeneratorSteps.Run(output);
        output.WriteLine();
        output.WriteLine($"smoke: {runs - failures} of {runs} benchmark runs passed; generator steps {(stepsCached ? "cached" : "NOT cached")}");
        return failures == 0 && stepsCached ? 0 : 1;
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(SmokeRunner).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.IsClass && !t.IsAbstract && BenchmarkMethods(t).Any())
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static IEnumerable<MethodInfo> BenchmarkMethods(Type type) =>
        type.GetMethods(PublicInstance).Where(m => m.IsDefined(typeof(BenchmarkAttribute))).OrderBy(m => m.MetadataToken);

    private static IEnumerable<MethodInfo> Marked<TAttribute>(Type type) where TAttribute : Attribute =>
        type.GetMethods(PublicInstance).Where(m => m.IsDefined(typeof(TAttribute)));

    /// <summary>Every combination of the smoke values of the class's <c>[Params]</c> members.</summary>
    private static IEnumerable<IReadOnlyList<(MemberInfo Member, object? Value)>> Combinations(Type type)
    {
        var members = type.GetMembers(PublicInstance)
            .Where(m => m is PropertyInfo or FieldInfo && m.IsDefined(typeof(ParamsAttribute)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => (Member: m, Values: m.GetCustomAttribute<SmokeParamsAttribute>()?.Values.Cast<object?>().ToArray()
                                             ?? m.GetCustomAttribute<ParamsAttribute>()!.Values))
            .ToList();

        IEnumerable<IReadOnlyList<(MemberInfo Member, object? Value)>> combinations = new[] { Array.Empty<(MemberInfo, object?)>() };
        foreach (var (member, values) in members)
        {
            combinations = combinations.SelectMany(c => values.Select(v => (IReadOnlyList<(MemberInfo, object?)>)c.Append((member, v)).ToList())).ToList();
        }
        return combinations;
    }

    /// <summary>One instance, set up once, every benchmark method once: what one BenchmarkDotNet process does.</summary>
    private static IEnumerable<(string Name, string? Problem)> RunCase(Type type, IReadOnlyList<(MemberInfo Member, object? Value)> parameters)
    {
        object instance = Activator.CreateInstance(type)!;
        foreach (var (member, value) in parameters)
        {
            if (member is PropertyInfo property) property.SetValue(instance, value);
            else ((FieldInfo)member).SetValue(instance, value);
        }

        string? setupProblem = Invoke(instance, Marked<GlobalSetupAttribute>(type));
        if (setupProblem is not null)
        {
            yield return ("[GlobalSetup]", setupProblem);
            yield break;
        }

        foreach (MethodInfo method in BenchmarkMethods(type))
        {
            yield return (method.Name, Invoke(instance, Marked<IterationSetupAttribute>(type))
                                      ?? RunOne(instance, method)
                                      ?? Invoke(instance, Marked<IterationCleanupAttribute>(type)));
        }

        string? cleanupProblem = Invoke(instance, Marked<GlobalCleanupAttribute>(type));
        if (cleanupProblem is not null) yield return ("[GlobalCleanup]", cleanupProblem);
    }

    private static string? RunOne(object instance, MethodInfo method)
    {
        var check = instance as ISmokeCheck;
        var outputs = check?.Outputs().ToList() ?? new List<Memory<float>>();
        foreach (Memory<float> buffer in outputs) buffer.Span.Fill(float.NaN);

        string? problem = Invoke(instance, new[] { method });
        if (problem is not null || check is null) return problem;

        for (int o = 0; o < outputs.Count; o++)
        {
            Span<float> span = outputs[o].Span;
            for (int i = 0; i < span.Length; i++)
            {
                if (!float.IsFinite(span[i])) return $"output {o}, element {i} is {span[i]}";
            }
        }
        return check.Problem();
    }

    private static string? Invoke(object instance, IEnumerable<MethodInfo> methods)
    {
        foreach (MethodInfo method in methods)
        {
            try
            {
                method.Invoke(instance, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return $"{method.Name} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}";
            }
        }
        return null;
    }

    private static string Display(IReadOnlyList<(MemberInfo Member, object? Value)> parameters) =>
        string.Join("&", parameters.Select(p => $"{p.Member.Name}={p.Value}"));
}
