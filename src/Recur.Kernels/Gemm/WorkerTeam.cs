using System.Diagnostics;

namespace Recur.Kernels;

/// <summary>One independent piece of a parallel kernel call, passed by value so a call allocates nothing.</summary>
internal interface IParallelWork
{
    void Execute(int part);
}

/// <summary>
/// Long-lived helper threads that run the parts of one kernel call beside the calling thread. Helpers spin briefly
/// after each call, so back-to-back calls (a training step issues many) skip the cost of waking a sleeping thread;
/// then they block. A call made while another call owns the team runs inline.
/// </summary>
internal static class WorkerTeam
{
    static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 µs
    static readonly object Gate = new();
    static readonly List<Thread> Helpers = [];
    static Job? job;
    static Exception? failure;
    static int owned, partCount, nextPart, participants, running, sleeping;
    static long generation;

    public static void Run<T>(ref T work, int parts) where T : struct, IParallelWork
    {
        int helpers = Math.Min(parts, Parallelism.MaxThreads) - 1;
        if (helpers <= 0 || Interlocked.CompareExchange(ref owned, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++)
                work.Execute(i);
            return;
        }
        try
        {
            var holder = Job<T>.Instance;
            holder.Work = work;
            job = holder;
            partCount = parts;
            nextPart = 0;
            failure = null;
            lock (Gate)
            {
                while (Helpers.Count < helpers)
                    StartHelper(Helpers.Count, generation);
                participants = helpers;
                running = helpers;
                generation++;
                if (sleeping > 0)
                    Monitor.PulseAll(Gate);
            }
            Drain(holder);
            var spin = new SpinWait();
            while (Volatile.Read(ref running) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            holder.Work = default;
            if (failure is { } error)
                throw new AggregateException(error);
        }
        finally
        {
            Volatile.Write(ref owned, 0);
        }
    }

    static void Drain(Job current)
    {
        int part;
        while ((part = Interlocked.Increment(ref nextPart) - 1) < partCount)
            current.Execute(part);
    }

    static void StartHelper(int index, long seen)
    {
        var thread = new Thread(() => HelperLoop(index, seen)) { IsBackground = true, Name = $"Recur.Kernels worker {index}" };
        Helpers.Add(thread);
        thread.Start();
    }

    static void HelperLoop(int index, long seen)
    {
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref generation) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                lock (Gate)
                {
                    sleeping++;
                    while (generation == seen)
                        Monitor.Wait(Gate);
                    sleeping--;
                }
            }
            seen = Volatile.Read(ref generation);
            if (index >= participants)
                continue;
            try
            {
                Drain(job!);
            }
            catch (Exception error)
            {
                failure = error;
            }
            Interlocked.Decrement(ref running);
        }
    }

    abstract class Job
    {
        public abstract void Execute(int part);
    }

    sealed class Job<T> : Job where T : struct, IParallelWork
    {
        public static readonly Job<T> Instance = new();
        public T Work;

        public override void Execute(int part) => Work.Execute(part);
    }
}
