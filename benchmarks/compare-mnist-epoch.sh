#!/usr/bin/env bash
# One MNIST training epoch (d2l recipe: batch 256, lr 0.1), KernelGen's trainer against PyTorch's d2l-concise
# loop, 1 and 2 threads, in the same run. Needs Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${EPOCHS:-5}
data=$(dotnet run -c Release --project samples/SoftmaxRegression -- fetch | tail -n 1)
dotnet build -c Release samples/SoftmaxRegression > /dev/null
for threads in 1 2; do
  dotnet samples/SoftmaxRegression/bin/Release/net10.0/SoftmaxRegression.dll train --epochs "$epochs" --threads "$threads" --out /tmp/kernelgen-compare \
    | grep -E "^epoch|Median" | sed "s/^/kernelgen threads=$threads /"
  /usr/bin/python3 benchmarks/pytorch/mnist_epoch.py "$data" "$threads" "$epochs"
done
