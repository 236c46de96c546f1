using System;
using System.Linq;
using System.Numerics.Tensors;
using KernelTour;

// A tour of what the generator gives back for the kernels in Losses.cs.
// The generated code is in obj/Debug/net10.0/generated/KernelGen.Generator/ (one file per kernel).

static string Show(ReadOnlySpan<float> v) => "[" + string.Join(", ", v.ToArray().Select(x => x.ToString("G4"))) + "]";

var x = Enumerable.Range(90, 10).Select(i => (float)i).ToArray();
Console.WriteLine("1. softmax([90..99]): the textbook formula overflows, the generated kernel does not.");
Console.WriteLine($"   as written (calling Losses.Softmax):  {Show(Losses.Softmax(x).AsSpan())}");
var p = new float[x.Length];
Losses.SoftmaxKernel.Forward(x, p);
Console.WriteLine($"   generated (SoftmaxKernel.Forward):    {Show(p)}  sum = {p.Sum():R}");
var tp = new float[x.Length];
TensorPrimitives.SoftMax(x, tp);
Console.WriteLine($"   TensorPrimitives.SoftMax:             {Show(tp)}");

Console.WriteLine();
Console.WriteLine("2. Cross-entropy and its gradient, computed in the same two passes: dz = softmax(z) - onehot(y).");
var z = new float[] { 2f, -1f, 0.5f, 3f };
var dz = new float[z.Length];
float loss = Losses.CrossEntropyKernel.ForwardBackward(z, 3, dz);
var softmax = new float[z.Length];
Losses.SoftmaxKernel.Forward(z, softmax);
Console.WriteLine($"   CE(z, 3) = {loss:G6}   dz = {Show(dz)}");
Console.WriteLine($"   softmax(z) = {Show(softmax)}");

Console.WriteLine();
Console.WriteLine("3. LogSumExp(x * t) / t tends to max(x) from above as the temperature grows:");
foreach (float t in new[] { 1f, 10f, 100f, 1000f })
    Console.WriteLine($"   t = {t,6}: {Losses.LogSumExpKernel.Forward(new[] { 1f, 2f }, t):R}");

Console.WriteLine();
// No timing here: a figure from a few cold calls in a demo is not one to defend (tiered compilation alone moves it
// several-fold). The speed is measured warm, against peers in the same run, by the benchmark suite.
Console.WriteLine("4. Speed: measured with BenchmarkDotNet, warmed up, against PyTorch and TensorPrimitives in the same run:");
Console.WriteLine("   run benchmarks/run, and read the newest report in benchmarks/results/ (how to read it: benchmarks/README.md).");
