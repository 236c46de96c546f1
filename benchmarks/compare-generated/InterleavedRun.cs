using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Compare;

/// <summary>
/// The same cases as the BenchmarkDotNet run, measured in this one process with Base and Head alternating: each round
/// times a batch of Base calls and a batch of Head calls (in turn first), and the figure is the median of the rounds'
/// Head / Base. A slow drift of the machine (another tenant, a frequency change) then falls on both sides of each
/// ratio, where BenchmarkDotNet's one case after the other puts minutes between the two means it divides.
/// </summary>
/// <remarks>
/// The kernels' cores are compiled fully optimized at their first call, so the JIT's tiers do not differ between the
/// two sides; the warm-up runs each side for a while before the rounds all the same.
/// </remarks>
internal static class InterleavedRun
{
    private static readonly TimeSpan BatchTime = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan WarmupTime = TimeSpan.FromMilliseconds(400);

    /// <summary>Runs every case of the comparison classes; <paramref name="rounds"/> rounds each; 0.</summary>
    public static int Run(int rounds, string? filter, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "Benchmark", "Params", "Base median", "Head median", "Head/Base", "middle half of rounds", "Note" } };
        int slower = 0, cases = 0;
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var benchmarks = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
            if (benchmarks.Count == 0) continue;
            string kernel = type.Name.EndsWith("Comparison", StringComparison.Ordinal) ? type.Name[..^"Comparison".Length] : type.Name;
            foreach (var (parameters, label) in ParameterSets(type))
            {
                object instance = Activator.CreateInstance(type)!;
                parameters(instance);
                foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)) setup.Invoke(instance, null);
                foreach (var operation in benchmarks.GroupBy(m => m.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.FirstOrDefault() ?? m.Name))
                {
                    string name = $"{kernel}.{operation.Key}";
                    if (filter is not null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                    var baseline = operation.Single(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
                    var head = operation.Single(m => m != baseline);
                    var (baseNs, headNs, ratio, low, high) = Measure(Call(baseline, instance), Call(head, instance), rounds);
                    bool isSlower = ratio > 1 + RatioTable.Tolerance;
                    slower += isSlower ? 1 : 0;
                    cases++;
                    rows.Add([name, label, RatioTable.Time(baseNs), RatioTable.Time(headNs), Number(ratio), $"{Number(low)}-{Number(high)}",
                        isSlower ? $"Head more than {Percent} slower" : ""]);
                    Console.Error.WriteLine($"{name} {label}: {Number(ratio)}");
                }
            }
        }
        RatioTable.WriteAligned(output, rows);
        output.WriteLine();
        output.WriteLine($"{cases} cases, {rounds} alternating rounds each; Head more than {Percent} slower than Base (median ratio) in {slower}.");
        return 0;
    }

    private static (double BaseNs, double HeadNs, double Ratio, double Low, double High) Measure(Action baseline, Action head, int rounds)
    {
        int calls = CallsPerBatch(baseline);
        RunFor(baseline, WarmupTime);
        RunFor(head, WarmupTime);
        var baseTimes = new double[rounds];
        var headTimes = new double[rounds];
        var ratios = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always follows the other's cache state.
            if (round % 2 == 0)
            {
                baseTimes[round] = Time(baseline, calls);
                headTimes[round] = Time(head, calls);
            }
            else
            {
                headTimes[round] = Time(head, calls);
                baseTimes[round] = Time(baseline, calls);
            }
            ratios[round] = headTimes[round] / baseTimes[round];
        }
        Array.Sort(ratios);
        return (Median(baseTimes), Median(headTimes), Median(ratios), ratios[rounds / 4], ratios[(3 * rounds - 1) / 4]);
    }

    /// <summary>A benchmark method as an action; a value it returns (as BenchmarkDotNet would) is kept, so the work is not dropped.</summary>
    private static Action Call(MethodInfo method, object instance)
    {
        if (method.ReturnType == typeof(void)) return method.CreateDelegate<Action>(instance);
        if (method.ReturnType == typeof(float))
        {
            var function = method.CreateDelegate<Func<float>>(instance);
            return () => Sink = function();
        }
        throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} returns {method.ReturnType.Name}: an interleaved run takes benchmarks that return nothing or a float.");
    }

    /// <summary>Where a benchmark's value goes.</summary>
    public static float Sink { get; private set; }

    /// <summary>How many calls of <paramref name="action"/> take about <see cref="BatchTime"/>.</summary>
    private static int CallsPerBatch(Action action)
    {
        action();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed < BatchTime) { action(); calls++; }
        return Math.Max(1, calls);
    }

    private static void RunFor(Action action, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < time) action();
    }

    /// <summary>Nanoseconds per call over <paramref name="calls"/> calls.</summary>
    private static double Time(Action action, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < calls; k++) action();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Each combination of the class's [Params] values (one empty set without any), as a setter and a label.</summary>
    private static IEnumerable<(Action<object> Apply, string Label)> ParameterSets(Type type)
    {
        var sets = new List<(Action<object>, string)> { (_ => { }, "") };
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
        {
            var values = property.GetCustomAttribute<ParamsAttribute>()!.Values;
            sets = sets.SelectMany(set => values.Select(value => ((Action<object>)(o => { set.Item1(o); property.SetValue(o, value); }),
                (set.Item2.Length > 0 ? set.Item2 + ", " : "") + $"{property.Name}={Convert.ToString(value, CultureInfo.InvariantCulture)}"))).ToList();
        }
        return sets.Select(s => (s.Item1, s.Item2.Length > 0 ? s.Item2 : "-"));
    }

    private static string Percent => (RatioTable.Tolerance * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
