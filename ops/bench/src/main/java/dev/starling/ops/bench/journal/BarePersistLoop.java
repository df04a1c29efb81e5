package dev.starling.ops.bench.journal;

import dev.starling.common.Stages;
import dev.starling.ops.bench.load.DuringMeasurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The journal's ceiling in this run: {@code entities} minimal event-sourced entities in this JVM,
 * each with one persist in flight at all times (a closed loop), journaling to the node's keyspace
 * through pekko-persistence-cassandra with the node's settings. A post costs at least one such
 * persist, so posts per second at saturation are measured against it.
 */
public final class BarePersistLoop {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLUSTER_UP_TIMEOUT = Duration.ofSeconds(20);

  private final NodeJournalSettings settings;
  private final String runId;

  public BarePersistLoop(NodeJournalSettings settings, String runId) {
    this.settings = settings;
    this.runId = runId;
  }

  /**
   * Starts an actor system, runs the loop for {@code warmup} (which also recovers every entity)
   * then {@code duration}, and terminates the system. {@code beside} runs over the measured window.
   */
  public PersistLoopResult run(
      int entities, Duration warmup, Duration duration, List<DuringMeasurement> beside) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "bench-persist-loop", settings.actorSystemConfig());
    try {
      joinItself(system);
      long from = System.nanoTime() + warmup.toNanos();
      Window window = new Window(from, from + duration.toNanos());
      List<ActorRef<PersistLoopEntity.Persist>> refs = new ArrayList<>();
      for (int n = 0; n < entities; n++) {
        refs.add(
            system.systemActorOf(new PersistLoopEntity(runId, n), "entity-" + n, Props.empty()));
      }
      CountDownLatch stopped = new CountDownLatch(entities);
      refs.forEach(ref -> persistNext(system, ref, window, stopped));
      beside.forEach(b -> b.prepare(Duration.ofNanos(from - System.nanoTime()), duration));
      sleepUntil(window.from);
      beside.forEach(DuringMeasurement::start);
      sleepUntil(window.until);
      beside.forEach(DuringMeasurement::stop);
      if (!stopped.await(ASK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("persists still in flight long after the loop ended");
      }
      return new PersistLoopResult(
          entities, duration, window.persisted.get(), window.failed.get(), window.latencyMicros);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the bare persist loop", e);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** The measured window and what completed inside it; written from many threads. */
  private static final class Window {
    final long from;
    final long until;
    final AtomicLong persisted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Histogram latencyMicros = new ConcurrentHistogram(3);

    Window(long from, long until) {
      this.from = from;
      this.until = until;
    }

    void record(long sent, long done, boolean ok) {
      if (done < from || done >= until) {
        return;
      }
      if (ok) {
        persisted.incrementAndGet();
        latencyMicros.recordValue((done - sent) / 1_000);
      } else {
        failed.incrementAndGet();
      }
    }
  }

  private static void persistNext(
      ActorSystem<?> system,
      ActorRef<PersistLoopEntity.Persist> entity,
      Window window,
      CountDownLatch stopped) {
    long sent = System.nanoTime();
    // Stages.plain: the node's own way with Pekko's stages (a thread per callback otherwise, on
    // two cores), so the baseline is not slower than the node for want of it
    Stages.plain(
            AskPattern.<PersistLoopEntity.Persist, Done>ask(
                entity, PersistLoopEntity.Persist::new, ASK_TIMEOUT, system.scheduler()))
        .whenComplete(
            (done, failure) -> {
              long now = System.nanoTime();
              window.record(sent, now, failure == null);
              if (now < window.until) {
                persistNext(system, entity, window, stopped);
              } else {
                stopped.countDown();
              }
            });
  }

  /** The journal notifies tag writes through cluster pub-sub, which wants a member that is up. */
  private static void joinItself(ActorSystem<?> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + CLUSTER_UP_TIMEOUT.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the persist loop's one-node cluster did not come up");
      }
      Thread.sleep(50);
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }
}
