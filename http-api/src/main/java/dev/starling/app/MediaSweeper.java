package dev.starling.app;

import dev.starling.media.Media;
import dev.starling.media.MediaObject;
import dev.starling.media.store.MediaStore;
import dev.starling.read.media.MediaSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the bytes of media that reached their end. Every interval it reads the entries of the
 * {@link MediaSchedule} that are due and, one at a time, asks the medium to purge itself; a purged
 * medium drops its hold on its object, and only the drop that leaves the object without holders
 * deletes the bytes (so bytes another live medium shares stay). An entry is removed only after all
 * of that, so a node stopping half-way leaves it for the next sweep, which repeats each step
 * harmlessly. Every node sweeps; two sweeps of one entry do the same idempotent steps.
 */
public final class MediaSweeper {
  private static final Logger log = LoggerFactory.getLogger(MediaSweeper.class);
  private static final int BATCH = 100;

  private final Entities entities;
  private final MediaSchedule schedule;
  private final MediaStore store;
  private final Executor blocking;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Cancellable timer;
  private volatile CompletableFuture<Integer> current = CompletableFuture.completedFuture(0);

  public MediaSweeper(
      Entities entities, MediaSchedule schedule, MediaStore store, Executor blocking, Clock clock) {
    this.entities = entities;
    this.schedule = schedule;
    this.store = store;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Sweeps every {@code interval} from now on, until {@link #stop}. */
  public void start(ActorSystem<?> system, Duration interval) {
    timer =
        system
            .scheduler()
            .scheduleWithFixedDelay(interval, interval, this::sweepOnce, system.executionContext());
  }

  /** No sweep starts from now on; completes once the one under way, if any, is over. */
  public CompletionStage<Done> stop() {
    if (timer != null) {
      timer.cancel();
    }
    return current.handle((handled, failure) -> Done.getInstance());
  }

  private void sweepOnce() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    current = sweep().toCompletableFuture();
    current.whenComplete(
        (handled, failure) -> {
          running.set(false);
          if (failure != null) {
            log.warn("Media sweep stopped; the next one resumes: {}", failure.toString());
          } else if (handled > 0) {
            log.debug("Media sweep handled {} entries", handled);
          }
        });
  }

  /** One sweep: handles the entries due now; answers how many. */
  public CompletionStage<Integer> sweep() {
    Instant now = clock.instant();
    return schedule
        .dueBy(now, BATCH)
        .thenCompose(
            dues -> {
              CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
              for (var due : dues) {
                chain = chain.thenCompose(done -> handle(due, now));
              }
              return chain.thenApply(done -> dues.size());
            });
  }

  private CompletionStage<Void> handle(MediaSchedule.Due due, Instant now) {
    return entities
        .<Media.Command, Media.PurgeVerdict>ask(
            Media.ENTITY_KEY, Long.toString(due.mediaId()), r -> new Media.Purge(now, r))
        .thenCompose(
            verdict -> {
              if (verdict.notBefore() != null) {
                return schedule.reschedule(due, verdict.notBefore());
              }
              if (verdict.key() == null) {
                return schedule.done(due);
              }
              return release(due.mediaId(), verdict.key()).thenCompose(done -> schedule.done(due));
            });
  }

  private CompletionStage<Void> release(long mediaId, String key) {
    return entities
        .<MediaObject.Command, Boolean>ask(
            MediaObject.ENTITY_KEY, key, r -> new MediaObject.Drop(mediaId, r))
        .thenCompose(
            lastHolder -> {
              if (!lastHolder) {
                return CompletableFuture.completedFuture(null);
              }
              return CompletableFuture.runAsync(() -> delete(key), blocking)
                  .thenCompose(
                      deleted ->
                          entities.<MediaObject.Command, Done>ask(
                              MediaObject.ENTITY_KEY, key, MediaObject.BytesDeleted::new))
                  .thenApply(done -> null);
            });
  }

  private void delete(String key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
