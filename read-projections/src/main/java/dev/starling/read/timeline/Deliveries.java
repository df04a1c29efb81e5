package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.typesafe.config.Config;
import dev.starling.common.Stages;
import dev.starling.read.store.Cql;
import dev.starling.read.timeline.HomeTimelines.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Every write into stored home timelines on this node goes through one stream: deliveries from all
 * fan-outs are gathered for a moment, grouped by reader (one partition, so one atomic statement or
 * batch per reader however many tweets reach them at once) and written with bounded parallelism, so
 * fan-out never floods Cassandra past the driver's limits. A big fan-out hands in one page of
 * followers at a time and waits for it, so other authors' deliveries queue behind at most a page.
 * After a write, this node's {@link HotTimelines} learn about it, and now and then (at random, on
 * average every {@code trim-every} writes to a reader) the reader's stored timeline is trimmed to
 * its cap.
 */
final class Deliveries {
  /** One entry to add to or remove from one reader's home timeline. */
  record Delivery(long readerId, Entry entry, boolean add) {}

  private record Job(List<Delivery> deliveries, CompletableFuture<Void> done) {}

  private record Pending(Delivery delivery, CompletableFuture<Void> written) {}

  private final Cql cql;
  private final HomeTimelines store;
  private final HotTimelines hot;
  private final LongAdder rowsWritten;
  private final int trimEvery;
  private final SourceQueueWithComplete<Job> queue;
  private final AsyncPermits offering;

  /**
   * Settings: {@code parallelism} (writes in flight), {@code group-size} and {@code group-window}
   * (how many deliveries, gathered for how long, are grouped by reader), {@code queued-jobs} (pages
   * of deliveries waiting), {@code max-waiting-offers}, {@code trim-every}.
   */
  Deliveries(
      ActorSystem<?> system,
      Cql cql,
      HomeTimelines store,
      HotTimelines hot,
      LongAdder rowsWritten,
      Config settings) {
    this.cql = cql;
    this.store = store;
    this.hot = hot;
    this.rowsWritten = rowsWritten;
    this.trimEvery = settings.getInt("trim-every");
    this.offering = new AsyncPermits(settings.getInt("max-waiting-offers"));
    queue =
        Source.<Job>queue(
                settings.getInt("queued-jobs"),
                OverflowStrategy.backpressure(),
                settings.getInt("max-waiting-offers"))
            .mapConcat(
                job -> {
                  var pending = new ArrayList<Pending>(job.deliveries().size());
                  var stored = new ArrayList<CompletableFuture<Void>>();
                  for (var delivery : job.deliveries()) {
                    var future = new CompletableFuture<Void>();
                    pending.add(new Pending(delivery, future));
                    stored.add(future);
                  }
                  CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                      .whenComplete(
                          (ok, failure) -> {
                            if (failure == null) {
                              job.done().complete(null);
                            } else {
                              job.done().completeExceptionally(failure);
                            }
                          });
                  return pending;
                })
            .groupedWithin(settings.getInt("group-size"), settings.getDuration("group-window"))
            .mapConcat(Deliveries::byReader)
            .mapAsyncUnordered(settings.getInt("parallelism"), this::write)
            .to(Sink.ignore())
            .run(system);
  }

  /**
   * Writes the deliveries; completes once every one of them is stored. At most {@code
   * max-waiting-offers} calls wait for room in the stream at once; the rest wait their turn here,
   * so a burst is slowed down, never refused.
   */
  CompletionStage<Void> deliver(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return offering.withPermit(
        () -> {
          var job = new Job(deliveries, new CompletableFuture<>());
          return Stages.plain(queue.offer(job))
              .thenCompose(
                  result ->
                      result == QueueOfferResult.enqueued()
                          ? job.done()
                          : CompletableFuture.failedFuture(
                              new IllegalStateException("deliveries not accepted: " + result)));
        });
  }

  private static List<List<Pending>> byReader(List<Pending> group) {
    var byReader = new LinkedHashMap<Long, List<Pending>>();
    for (var pending : group) {
      byReader
          .computeIfAbsent(pending.delivery().readerId(), reader -> new ArrayList<>())
          .add(pending);
    }
    return new ArrayList<>(byReader.values());
  }

  /** One reader's deliveries in one statement or single-partition batch; never fails the stream. */
  private CompletionStage<Done> write(List<Pending> forOneReader) {
    long readerId = forOneReader.get(0).delivery().readerId();
    var statements = new ArrayList<BoundStatement>(forOneReader.size());
    var added = new ArrayList<Entry>();
    var removed = new ArrayList<Long>();
    for (var pending : forOneReader) {
      var delivery = pending.delivery();
      if (delivery.add()) {
        statements.add(store.insert(readerId, delivery.entry()));
        added.add(delivery.entry());
      } else {
        statements.add(store.delete(readerId, delivery.entry().tweetId()));
        removed.add(delivery.entry().tweetId());
      }
    }
    CompletionStage<Void> write =
        statements.size() == 1 ? cql.run(statements.get(0)) : cql.runBatch(statements);
    return write
        .thenCompose(
            done -> {
              rowsWritten.add(statements.size());
              hot.added(readerId, added);
              hot.removed(readerId, removed);
              return !added.isEmpty() && ThreadLocalRandom.current().nextInt(trimEvery) == 0
                  ? store.trim(readerId).exceptionally(trimFailed -> null)
                  : CompletableFuture.<Void>completedFuture(null);
            })
        .handle(
            (done, failure) -> {
              for (var pending : forOneReader) {
                if (failure == null) {
                  pending.written().complete(null);
                } else {
                  pending.written().completeExceptionally(failure);
                }
              }
              return Done.getInstance();
            });
  }
}
