using System;
using System.Diagnostics;
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
Console.WriteLine("4. A micro-timing (see benchmarks/ for the real measurement): softmax of 256 rows x 1000 columns.");
var rows = new float[256 * 1000];
var random = new Random(1);
for (int i = 0; i < rows.Length; i++) rows[i] = (float)(random.NextDouble() * 10 - 5);
var output = new float[rows.Length];
double Time(Action action)
{
    for (int i = 0; i < 20; i++) action();
    var watch = Stopwatch.StartNew();
    int runs = 0;
    while (watch.ElapsedMilliseconds < 300) { action(); runs++; }
    return watch.Elapsed.TotalMilliseconds * 1e6 / runs / rows.Length;
}
double generated = Time(() => Losses.SoftmaxKernel.ForwardBatch(256, rows, output));
double peer = Time(() => { for (int r = 0; r < 256; r++) TensorPrimitives.SoftMax(rows.AsSpan(r * 1000, 1000), output.AsSpan(r * 1000, 1000)); });
Console.WriteLine($"   generated: {generated:F3} ns/element   TensorPrimitives.SoftMax: {peer:F3} ns/element   ratio {peer / generated:F2}x");
