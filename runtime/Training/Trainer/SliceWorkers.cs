using System;
using System.Threading;

namespace KernelGen.Training;

/// <summary>
/// Runs <c>work(t)</c> for t = 0..count-1 in parallel, again and again, without allocating: count - 1
/// background threads live as long as this object, and the calling thread takes slice 0. A training step
/// runs hundreds of times per epoch, where Parallel.For would allocate its state on every call.
/// </summary>
internal sealed class SliceWorkers : IDisposable
{
    private readonly Action<int> _work;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly Thread[] _threads;
    private volatile bool _stopping;
    private Exception? _failure;

    public SliceWorkers(int count, Action<int> work)
    {
        _work = work;
        Count = count;
        _start = new SemaphoreSlim[count];
        _threads = new Thread[count];
        _done = new CountdownEvent(1);
        for (int t = 1; t < count; t++)
        {
            int slice = t;
            _start[t] = new SemaphoreSlim(0);
            _threads[t] = new Thread(() => Loop(slice)) { IsBackground = true, Name = $"KernelGen trainer {slice}" };
            _threads[t].Start();
        }
    }

    public int Count { get; }

    /// <summary>Runs every slice once and returns when all are done; rethrows the first failure.</summary>
    public void Run()
    {
        if (Count > 1)
        {
            _done.Reset(Count - 1);
            for (int t = 1; t < Count; t++) _start[t].Release();
        }
        try
        {
            _work(0);
        }
        finally
        {
            if (Count > 1) _done.Wait();
        }
        var failure = Interlocked.Exchange(ref _failure, null);
        if (failure is not null) throw new AggregateException("A training thread failed.", failure);
    }

    private void Loop(int slice)
    {
        while (true)
        {
            _start[slice].Wait();
            if (_stopping) return;
            try
            {
                _work(slice);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        for (int t = 1; t < Count; t++) _start[t].Release();
        for (int t = 1; t < Count; t++) _threads[t].Join();
        for (int t = 1; t < Count; t++) _start[t].Dispose();
        _done.Dispose();
    }
}
