"""The d2l-concise softmax regression epoch in PyTorch, timed: the peer for KernelGen's trainer.

nn.Flatten + nn.Linear(784, 10) with weights N(0, 0.01^2), CrossEntropyLoss (mean), SGD lr 0.1, DataLoader with
batch 256 and shuffling, on the same MNIST IDX files. Prints one line per epoch and a final JSON line.
Usage: /usr/bin/python3 mnist_epoch.py DATA_DIR THREADS [EPOCHS (default 5)] [--out FILE] [--smoke]
--out also writes the final JSON line to FILE; --smoke trains 1 epoch on the first 2048 training images only.
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
from torch import nn
from torch.utils import data


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    images = read_idx(f"{directory}/{prefix}-images-idx3-ubyte").astype(np.float32) / 255.0
    labels = read_idx(f"{directory}/{prefix}-labels-idx1-ubyte").astype(np.int64)
    return torch.from_numpy(images), torch.from_numpy(labels)


SMOKE_IMAGES = 2048


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("threads", type=int)
    parser.add_argument("epochs", type=int, nargs="?", default=5)
    parser.add_argument("--out", help="also write the final JSON line to this file")
    parser.add_argument("--smoke", action="store_true", help="1 epoch over the first 2048 training images")
    args = parser.parse_args()
    directory, threads, epochs = args.data_dir, args.threads, 1 if args.smoke else args.epochs

    torch.set_num_threads(threads)
    torch.manual_seed(42)
    train_x, train_y = load(directory, "train")
    if args.smoke:
        train_x, train_y = train_x[:SMOKE_IMAGES], train_y[:SMOKE_IMAGES]
    test_x, test_y = load(directory, "t10k")
    loader = data.DataLoader(data.TensorDataset(train_x, train_y), batch_size=256, shuffle=True, num_workers=0)

    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    nn.init.normal_(net[1].weight, std=0.01)
    nn.init.zeros_(net[1].bias)
    loss_fn = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)

    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        for x, y in loader:
            loss = loss_fn(net(x), y)
            trainer.zero_grad()
            loss.backward()
            trainer.step()
        times.append(time.perf_counter() - start)
        with torch.no_grad():
            accuracy = (net(test_x).argmax(dim=1) == test_y).float().mean().item()
        print(f"pytorch threads={threads} epoch {epoch + 1}: {times[-1] * 1000:.0f} ms, test acc {accuracy:.4f}", flush=True)
    line = json.dumps({"impl": "PyTorch", "threads": threads, "epochs": epochs, "train_images": len(train_x),
                       "median_ms": statistics.median(times) * 1000, "test_accuracy": accuracy, "smoke": args.smoke})
    print(line)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
