package dev.starling.ops.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs streams of requests open-model: each stream's requests fall due at a fixed rate and are
 * handed to its pool of workers when due, whatever the latency of earlier ones. Latency counts from
 * when a request was due, not from when a worker got to it, so a slow node cannot hide behind a
 * client that waits for it (coordinated omission); requests that start late are counted.
 */
public final class OpenLoop {
  /** Starting later than this after being due counts as a late start. */
  public static final Duration LATE_AFTER = Duration.ofMillis(10);

  /** Time for every thread to be started before the first request is due. */
  private static final Duration LEAD = Duration.ofMillis(100);

  private static final Arrival NO_MORE = new Arrival(-1, 0, false);

  private final Duration drainLimit;

  /**
   * @param drainLimit how long after the window's end requests still waiting for a worker may
   *     start; later ones are given up and counted as not issued
   */
  public OpenLoop(Duration drainLimit) {
    this.drainLimit = drainLimit;
  }

  /**
   * Issues every stream's requests for {@code warmup} then {@code duration}, and waits for the
   * requests in flight. {@code beside} is prepared at once, starts when the measured window opens
   * and stops when it closes.
   */
  public List<OpenStreamResult> run(
      List<OpenStream> streams,
      Duration warmup,
      Duration duration,
      List<DuringMeasurement> beside) {
    long start = System.nanoTime() + LEAD.toNanos();
    Schedule schedule =
        new Schedule(
            start,
            start + warmup.toNanos(),
            start + warmup.toNanos() + duration.toNanos(),
            drainLimit.toNanos());
    List<StreamRun> runs = streams.stream().map(s -> new StreamRun(s, schedule)).toList();
    runs.forEach(StreamRun::start);
    beside.forEach(
        b ->
            b.prepare(
                Duration.ofNanos(Math.max(0, schedule.from() - System.nanoTime())), duration));
    parkUntil(schedule.from());
    beside.forEach(DuringMeasurement::start);
    parkUntil(schedule.until());
    beside.forEach(DuringMeasurement::stop);
    return runs.stream().map(StreamRun::finish).toList();
  }

  /** When arrivals are due, all in {@link System#nanoTime()} units. */
  private record Schedule(long start, long from, long until, long drainNanos) {
    long giveUpAt() {
      return until + drainNanos;
    }
  }

  /** One stream: a dispatcher that queues arrivals when due, and the workers that serve them. */
  private static final class StreamRun {
    private final OpenStream stream;
    private final Schedule schedule;
    private final BlockingQueue<Arrival> due = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private long measuredArrivals;

    StreamRun(OpenStream stream, Schedule schedule) {
      this.stream = stream;
      this.schedule = schedule;
    }

    void start() {
      for (int n = 0; n < stream.workers(); n++) {
        Worker worker = new Worker(stream, n, due, schedule.giveUpAt());
        workers.add(worker);
        threads.add(ClosedLoop.startThread(worker, stream.name() + "-" + n));
      }
      threads.add(ClosedLoop.startThread(this::dispatch, stream.name() + "-dispatcher"));
    }

    private void dispatch() {
      long interval = stream.intervalNanos();
      for (long n = 0; ; n++) {
        long dueAt = schedule.start() + n * interval;
        if (dueAt >= schedule.until()) {
          break;
        }
        parkUntil(dueAt);
        boolean measured = dueAt >= schedule.from();
        if (measured) {
          measuredArrivals++;
        }
        due.add(new Arrival(n, dueAt, measured));
      }
      workers.forEach(w -> due.add(NO_MORE));
    }

    /**
     * Rates count over the time from the window's opening until its last request completed, at
     * least the window: a node that falls behind finishes the window's requests late, and its
     * achieved rate must show that.
     */
    OpenStreamResult finish() {
      threads.forEach(ClosedLoop::join);
      Histogram latency = new Histogram(3);
      Histogram okLatency = new Histogram(3);
      Histogram startDelay = new Histogram(3);
      OutcomeCounts outcomes = new OutcomeCounts();
      long allRequests = 0;
      long late = 0;
      long notIssued = 0;
      long lastDone = schedule.until();
      for (Worker worker : workers) {
        lastDone = Math.max(lastDone, worker.lastMeasuredDone);
        latency.add(worker.latencyMicros);
        okLatency.add(worker.okLatencyMicros);
        startDelay.add(worker.startDelayMicros);
        outcomes.addAll(worker.outcomes);
        allRequests += worker.requests;
        late += worker.lateStarts;
        notIssued += worker.notIssued;
      }
      return new OpenStreamResult(
          stream.name(),
          stream.perSecond(),
          stream.workers(),
          new LoadResult(
              stream.workers(),
              Duration.ofNanos(lastDone - schedule.from()),
              latency,
              okLatency,
              outcomes,
              allRequests),
          measuredArrivals,
          late,
          notIssued,
          startDelay);
    }
  }

  /** Takes due arrivals off the stream's queue one at a time; its figures are read after join. */
  private static final class Worker implements Runnable {
    private final OpenStream stream;
    private final int number;
    private final BlockingQueue<Arrival> due;
    private final long giveUpAt;
    private final Histogram latencyMicros = new Histogram(3);
    private final Histogram okLatencyMicros = new Histogram(3);
    private final Histogram startDelayMicros = new Histogram(3);
    private final OutcomeCounts outcomes = new OutcomeCounts();
    private long requests;
    private long lateStarts;
    private long notIssued;
    private long lastMeasuredDone;

    Worker(OpenStream stream, int number, BlockingQueue<Arrival> due, long giveUpAt) {
      this.stream = stream;
      this.number = number;
      this.due = due;
      this.giveUpAt = giveUpAt;
    }

    @Override
    public void run() {
      try (OpenStream.Caller caller = stream.callerForWorker().apply(number)) {
        for (Arrival arrival = due.take(); arrival != NO_MORE; arrival = due.take()) {
          serve(caller, arrival);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void serve(OpenStream.Caller caller, Arrival arrival) {
      long started = System.nanoTime();
      if (started > giveUpAt) {
        if (arrival.measured()) {
          notIssued++;
        }
        return;
      }
      Outcome outcome;
      try {
        outcome = caller.call(arrival);
      } catch (IOException e) {
        outcome = Outcome.IO_ERROR;
      }
      long done = System.nanoTime();
      requests++;
      if (!arrival.measured()) {
        return;
      }
      lastMeasuredDone = done;
      long startDelay = started - arrival.dueNanos();
      startDelayMicros.recordValue(Math.max(0, startDelay) / 1_000);
      if (startDelay > LATE_AFTER.toNanos()) {
        lateStarts++;
      }
      outcomes.add(outcome);
      if (outcome != Outcome.IO_ERROR) {
        latencyMicros.recordValue((done - arrival.dueNanos()) / 1_000);
      }
      if (outcome == Outcome.OK) {
        okLatencyMicros.recordValue((done - arrival.dueNanos()) / 1_000);
      }
    }
  }

  static void parkUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while an open-model run was under way");
      }
    }
  }
}
