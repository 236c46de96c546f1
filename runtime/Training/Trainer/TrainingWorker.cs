using System;

namespace KernelGen.Training;

/// <summary>One thread's share of a minibatch: its own kernel arguments, loss buffer and gradient buffers.</summary>
internal sealed class TrainingWorker
{
    private readonly KernelBinding _binding;
    private float[] _losses = [];
    // For each trained scalar the kernel takes: its slot in Gradients and its position in the kernel.
    private readonly (int Gradient, int Argument)[] _scalars;

    public TrainingWorker(KernelBinding binding)
    {
        _binding = binding;
        Arguments = binding.CreateArguments();
        // In the order of ParameterSet.Trained, which the optimizer updates, whatever order the kernel declares them in.
        // A trained parameter this kernel does not take keeps a zero gradient.
        var trained = binding.Parameters.Trained;
        var scalars = new System.Collections.Generic.List<(int, int)>();
        Gradients = new float[trained.Count][];
        for (int g = 0; g < trained.Count; g++)
        {
            Gradients[g] = new float[trained[g].Length];
            int shared = Array.FindIndex(binding.Shared, s => ReferenceEquals(s.Value, trained[g]));
            if (shared < 0) continue;
            int argument = binding.Shared[shared].Index;
            if (trained[g].Kind == KernelParameterKind.Scalar) scalars.Add((g, argument));
            else Arguments.SetGradient(argument, Gradients[g]);
        }
        _scalars = scalars.ToArray();
    }

    public KernelArguments Arguments { get; }

    /// <summary>This thread's gradient of each trained parameter, in the order of <see cref="ParameterSet.Trained"/>.</summary>
    public float[][] Gradients { get; }

    /// <summary>The summed loss of this thread's rows in the last step.</summary>
    public double LossSum { get; private set; }

    /// <summary>Forward+backward of rows [start, start + rows) of the gathered batch.</summary>
    public void Run<TLoss>(TrainingBatch batch, int start, int rows, float gradScale) where TLoss : ILossKernel
    {
        if (rows == 0)
        {
            // A last, short batch can leave a thread nothing to do: it contributes nothing.
            foreach (var gradient in Gradients) Array.Clear(gradient);
            LossSum = 0;
            return;
        }
        _binding.RefreshScalars(Arguments);
        _binding.SetRows(Arguments, batch, start, rows);
        // Sized by the first step rather than the batch size, which may be far larger than the data.
        if (_losses.Length < rows) _losses = new float[rows];
        var losses = _losses.AsSpan(0, rows);
        TLoss.ForwardBackwardBatch(rows, Arguments, gradScale, losses);
        foreach (var (gradient, argument) in _scalars) Gradients[gradient][0] = Arguments.ScalarGradientOf(argument);
        double sum = 0;
        foreach (float loss in losses) sum += loss;
        LossSum = sum;
    }
}
