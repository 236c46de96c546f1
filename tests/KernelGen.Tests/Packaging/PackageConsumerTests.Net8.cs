using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace KernelGen.Tests.Packaging;

/// <summary>
/// The package in a net8.0 project, run on the .NET 8 runtime itself (self-contained, from the runtime pack), where
/// Vector256.Max/Min drop NaN and MultiplyAddEstimate does not exist: kernels must give the same values there.
/// </summary>
public sealed partial class PackageConsumerTests
{
    [Fact]
    public void A_net8_project_gets_kernels_with_the_same_NaN_signed_zero_and_exp_results_on_the_NET_8_runtime()
    {
        string dir = _feed.NewConsumer("OnNet8", """
                <PackageReference Include="KernelGen" Version="0.1.0" />
            """, Net8Program, targetFramework: "net8.0", properties: """
                <RuntimeIdentifier>$(NETCoreSdkRuntimeIdentifier)</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            """);
        string output = Succeed("run -c Release", dir);
        string Value(string key) => Regex.Match(output, "^" + key + " (.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.Trim() : throw new Xunit.Sdk.XunitException($"no '{key}' line in:\n{output}");

        Assert.StartsWith("8.0.", Value("runtime"));

        double[] x = [90, 95, 99];
        var softmax = Value("softmax").Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(Math.Exp(x[i] - 99) / x.Sum(u => Math.Exp(u - 99)), softmax[i], 1e-6);

        Assert.Equal("0", Value("relu-differs-from-MathF.Max"));
        Assert.Equal("NaN", Value("largest-with-nan"));
        Assert.Equal(Value("largest-expected"), Value("largest-without-nan"));
        Assert.Equal("0", Value("exp-lanes-differing-from-scalar"));
        Assert.True(int.Parse(Value("exp-max-ulp"), CultureInfo.InvariantCulture) <= 1, output);
        Assert.True(int.Parse(Value("exp-samples"), CultureInfo.InvariantCulture) >= 1 << 20, output);

        // What the generator wrote for .NET 8: max and multiply-add through the row operators' lanes (the runtime's
        // ILanes, whose .NET 8 build has the IEEE forms), never the BCL's .NET 8 forms.
        string generated = string.Concat(Directory.GetFiles(Path.Combine(dir, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("KernelGen.Generator")).Select(File.ReadAllText));
        Assert.Contains("T.Max(", generated);
        Assert.DoesNotContain("Vector256.Max(", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Vector256.MultiplyAddEstimate(", generated, StringComparison.Ordinal);
    }

    private const string Net8Program = """
        using System.Globalization;
        using System.Runtime.Intrinsics;
        using KernelGen;
        using KernelGen.CompilerServices;
        using static KernelGen.Ops;

        static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        Console.WriteLine($"runtime {Environment.Version}");

        var p = new float[3];
        Kernels.SoftmaxKernel.Forward(new float[] { 90f, 95f, 99f }, p);
        Console.WriteLine("softmax " + string.Join(" ", p.Select(F)));

        // 40 elements: the unrolled vector body and the scalar tail each meet a NaN and a negative zero.
        var x = Enumerable.Range(0, 40).Select(i => 3f * MathF.Sin(i)).ToArray();
        (x[5], x[6], x[37], x[38]) = (float.NaN, -0f, float.NaN, -0f);
        var relu = new float[x.Length];
        Kernels.ReluKernel.Forward(x, relu);
        int differs = Enumerable.Range(0, x.Length).Count(i => float.IsNaN(relu[i])
            ? !float.IsNaN(x[i])
            : BitConverter.SingleToInt32Bits(relu[i]) != BitConverter.SingleToInt32Bits(MathF.Max(x[i], 0f)));
        Console.WriteLine($"relu-differs-from-MathF.Max {differs}");

        var oneNaN = Enumerable.Range(0, 40).Select(i => 3f * MathF.Sin(i)).ToArray();
        oneNaN[5] = float.NaN;
        Console.WriteLine("largest-with-nan " + F(Kernels.LargestKernel.Forward(oneNaN)));
        oneNaN[5] = 0f;
        Console.WriteLine("largest-without-nan " + F(Kernels.LargestKernel.Forward(oneNaN)));
        Console.WriteLine("largest-expected " + F(oneNaN.Max()));

        // exp over its whole finite range: each vector lane equals the scalar twin bit for bit, within 1 ulp of exp in double.
        const int samples = 1 << 20;
        int laneDiffers = 0, maxUlp = 0;
        var lanes = new float[8];
        for (int k = 0; k < samples; k += 8)
        {
            for (int j = 0; j < 8; j++) lanes[j] = -103.9f + (k + j) * (192.6f / samples);
            var vector = VectorMath.Exp(Vector256.Create(lanes));
            for (int j = 0; j < 8; j++)
            {
                float scalar = VectorMath.Exp(lanes[j]);
                if (BitConverter.SingleToInt32Bits(vector[j]) != BitConverter.SingleToInt32Bits(scalar)) laneDiffers++;
                maxUlp = Math.Max(maxUlp, Math.Abs(BitConverter.SingleToInt32Bits(scalar) - BitConverter.SingleToInt32Bits((float)Math.Exp(lanes[j]))));
            }
        }
        Console.WriteLine($"exp-samples {samples}");
        Console.WriteLine($"exp-lanes-differing-from-scalar {laneDiffers}");
        Console.WriteLine($"exp-max-ulp {maxUlp}");

        static partial class Kernels
        {
            [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));
            [Kernel] public static Vec Relu(Vec x) => Max(x, 0f);
            [Kernel] public static float Largest(Vec x) => Max(x);
        }
        """;
}
