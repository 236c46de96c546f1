using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>
/// A <see cref="Trainer{TLoss}"/> for a classifier: <typeparamref name="TLogits"/> is the generated class of a
/// <c>Vec</c>-valued kernel over the same parameters (the logits, one per class), used after every epoch for the test
/// accuracy. Its predicted class is the largest logit.
/// </summary>
/// <typeparam name="TLoss">The generated kernel class of the loss.</typeparam>
/// <typeparam name="TLogits">The generated kernel class of the logits.</typeparam>
public sealed class Trainer<TLoss, TLogits> : Trainer<TLoss> where TLoss : ILossKernel where TLogits : IKernel
{
    /// <summary>A trainer of <paramref name="parameters"/> with <paramref name="options"/>, reporting test accuracy by <typeparamref name="TLogits"/>.</summary>
    public Trainer(ParameterSet parameters, TrainingOptions options) : base(parameters, options)
    {
        // Bind now, so a logits kernel that does not fit the parameters fails here rather than after the first epoch.
        _ = new KernelBinding(TLogits.Signature, parameters, training: false);
    }

    /// <inheritdoc/>
    protected override double TestAccuracy(Dataset test) => Evaluator.Accuracy<TLogits>(Parameters, test, Options.Threads);
}
