using KernelGen;
using KernelGen.Training;

namespace SoftmaxRegressionSample;

/// <summary>Something to do with a softmax-regression model, given its loss and logits kernels as type arguments.</summary>
internal interface IModelAction
{
    int Run<TLoss, TLogits>(ParameterSet parameters) where TLoss : ILossKernel where TLogits : IKernel;
}

/// <summary>
/// Softmax regression as kernels (<c>SoftmaxRegressionKernels</c>): the MNIST shape (784 pixels, 10 classes) has a pair
/// with its sizes fixed at compile time, any other shape uses the general pair. Both go through the same generic trainer.
/// </summary>
internal static class SoftmaxModel
{
    public static int Run(int features, int classes, IModelAction action)
    {
        if (features == 784 && classes == 10)
            return action.Run<SoftmaxRegressionKernels.MnistLossKernel, SoftmaxRegressionKernels.MnistLogitsKernel>(
                ParameterSet.For<SoftmaxRegressionKernels.MnistLossKernel>());
        return action.Run<SoftmaxRegressionKernels.LossKernel, SoftmaxRegressionKernels.LogitsKernel>(
            ParameterSet.For<SoftmaxRegressionKernels.LossKernel>(ParameterShape.Matrix("w", classes, features), ParameterShape.Vector("b", classes)));
    }
}
