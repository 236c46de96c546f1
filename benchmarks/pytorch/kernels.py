"""PyTorch's CPU timings for the ops the KernelGen benchmark suite measures: the peer column of the report.

Every op runs on float32 with torch.set_num_threads(t) for each t in --threads. The timed figure is the median,
over --repeats samples, of a loop of calls whose count is chosen so that one sample lasts at least --min-sample-ms:
a single call of the small sizes is far below the timer's and the interpreter's noise. ns per element is the
time of one call divided by rows * columns (rows * features for linear_ce_step).

Usage: /usr/bin/python3 kernels.py [--out FILE] [--smoke] [--threads 1 2] [--repeats N] [--min-sample-ms MS]
--smoke runs each op once on tiny sizes and still writes a valid file, flagged "smoke": true.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn.functional as F

ROWS = 256
COLUMNS = [10, 128, 1000, 32000]
LONG_ROW = 4194304
FEATURES = 784
CLASSES = 10

SMOKE_ROWS = 3
SMOKE_COLUMNS = [10, 37]
SMOKE_LONG_ROW = 1000


def uniform(shape, generator):
    # Same range as the .NET suite's inputs, so exp sees the same spread of arguments.
    return torch.rand(shape, generator=generator, dtype=torch.float32) * 10 - 5


def softmax_case(rows, columns, generator):
    x = uniform((rows, columns), generator)
    return lambda: torch.softmax(x, dim=1)


def softmax_backward_case(rows, columns, generator):
    # Forward then the ATen backward kernel, called directly: torch._softmax_backward_data is what autograd
    # dispatches to for softmax, so this is PyTorch's kernel speed without the graph bookkeeping of
    # torch.autograd.grad. That bookkeeping costs tens of microseconds per call and would dominate the small
    # sizes, which would flatter the comparison; leaving it out keeps the peer at its best.
    x = uniform((rows, columns), generator)
    dy = uniform((rows, columns), generator)

    def run():
        y = torch.softmax(x, dim=1)
        return torch._softmax_backward_data(dy, y, 1, x.dtype)

    return run


def logsumexp_case(rows, columns, generator):
    x = uniform((rows, columns), generator)
    return lambda: torch.logsumexp(x, dim=1)


def cross_entropy_case(rows, columns, generator):
    # Through autograd, as a training step computes it: the loss and its gradient with respect to the logits.
    z = uniform((rows, columns), generator).requires_grad_()
    y = torch.randint(0, columns, (rows,), generator=generator)

    def run():
        loss = F.cross_entropy(z, y)
        return torch.autograd.grad(loss, z)

    return run


def linear_ce_step_case(rows, features, generator):
    x = torch.rand((rows, features), generator=generator, dtype=torch.float32)
    w = (torch.randn((CLASSES, features), generator=generator, dtype=torch.float32) * 0.01).requires_grad_()
    b = torch.zeros(CLASSES, dtype=torch.float32, requires_grad=True)
    y = torch.randint(0, CLASSES, (rows,), generator=generator)

    def run():
        loss = F.cross_entropy(F.linear(x, w, b), y)
        return torch.autograd.grad(loss, (w, b))

    return run


def cases(smoke):
    """(op, rows, columns, factory) for every measurement; columns is the feature count for linear_ce_step."""
    rows = SMOKE_ROWS if smoke else ROWS
    columns = SMOKE_COLUMNS if smoke else COLUMNS
    for op, factory in [("softmax", softmax_case), ("softmax_backward", softmax_backward_case),
                        ("logsumexp", logsumexp_case), ("cross_entropy", cross_entropy_case)]:
        for c in columns:
            yield op, rows, c, factory
    yield "linear_ce_step", rows, FEATURES, linear_ce_step_case
    yield "long_row", 1, SMOKE_LONG_ROW if smoke else LONG_ROW, softmax_case


def time_loop(fn, loops):
    start = time.perf_counter()
    for _ in range(loops):
        fn()
    return time.perf_counter() - start


def measure(fn, repeats, min_sample_seconds):
    """Median seconds per call."""
    # Warm up the allocator, the thread pool and the caches before the loop count is chosen.
    warm = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - warm < min_sample_seconds:
        fn()
        calls += 1
    loops = 1
    while True:
        elapsed = time_loop(fn, loops)
        if elapsed >= min_sample_seconds:
            break
        loops = max(loops * 2, int(loops * min_sample_seconds * 1.2 / max(elapsed, 1e-9)))
    samples = [time_loop(fn, loops) / loops for _ in range(repeats)]
    return statistics.median(samples), loops


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(threads):
    info = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpu": cpu_name(),
        "logical_cpus": os.cpu_count(),
        "os": platform.platform(),
        "threads": threads,
        "mkldnn": torch.backends.mkldnn.is_available(),
    }
    try:
        info["cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    except AttributeError:
        pass  # added after torch 1.13
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the JSON here (default: standard output)")
    parser.add_argument("--smoke", action="store_true", help="each op once, tiny sizes")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--min-sample-ms", type=float, default=25.0)
    args = parser.parse_args()

    generator = torch.Generator().manual_seed(42)
    results = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        for op, rows, columns, factory in cases(args.smoke):
            fn = factory(rows, columns, generator)
            if args.smoke:
                seconds, loops = time_loop(fn, 1), 1
            else:
                seconds, loops = measure(fn, args.repeats, args.min_sample_ms / 1000)
            ns_per_call = seconds * 1e9
            result = {
                "op": op,
                "impl": "PyTorch",
                "threads": threads,
                "rows": rows,
                "columns": columns,
                "ns_per_element": ns_per_call / (rows * columns),
                "median_ns_per_call": ns_per_call,
                "loops_per_sample": loops,
            }
            results.append(result)
            print(f"{op:17} threads={threads} {rows}x{columns}: {result['ns_per_element']:.3f} ns/element, "
                  f"{ns_per_call / 1000:.1f} us/call", file=sys.stderr, flush=True)

    document = {
        "machine": machine(args.threads),
        "smoke": args.smoke,
        "timing": {"repeats": 1 if args.smoke else args.repeats,
                   "min_sample_ms": 0 if args.smoke else args.min_sample_ms, "statistic": "median"},
        "results": results,
    }
    text = json.dumps(document, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
