using System;

namespace KernelGen.Training;

/// <summary>One thread's share of a minibatch: its own kernel arguments, loss buffer and gradient buffers.</summary>
internal sealed class TrainingWorker
{
    private readonly KernelBinding _binding;
    private float[] _losses = [];
    private readonly (int Index, Parameter Value)[] _trained;

    public TrainingWorker(KernelBinding binding)
    {
        _binding = binding;
        Arguments = binding.CreateArguments();
        _trained = Array.FindAll(binding.Shared, s => s.Value.IsTrained);
        Gradients = new float[_trained.Length][];
        for (int g = 0; g < _trained.Length; g++)
        {
            var (index, value) = _trained[g];
            Gradients[g] = new float[value.Length];
            if (value.Kind != KernelParameterKind.Scalar) Arguments.SetGradient(index, Gradients[g]);
        }
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
        for (int g = 0; g < _trained.Length; g++)
        {
            if (_trained[g].Value.Kind == KernelParameterKind.Scalar) Gradients[g][0] = Arguments.ScalarGradientOf(_trained[g].Index);
        }
        double sum = 0;
        foreach (float loss in losses) sum += loss;
        LossSum = sum;
    }
}
