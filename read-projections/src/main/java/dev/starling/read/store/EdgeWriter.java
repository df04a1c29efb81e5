package dev.starling.read.store;

import dev.starling.common.CborSerializable;
import dev.starling.read.store.CountedEdges.StoredEdge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The single writer of one owner's edges in one {@link CountedEdges} table (the likes of one tweet,
 * the followers of one user), as a sharded entity so the cluster runs at most one per owner.
 *
 * <p>Being the only writer, it can read, decide and write without a lightweight transaction:
 * changes that arrive while a write is in flight wait and go out together in the next batch, so a
 * burst of a thousand likes on one tweet costs a few single-partition batches. Each change is
 * guarded by the edge's version (the writing aggregate's version for that pair), so repeats and
 * stale deliveries change nothing. The rows it has read or written stay in memory (bounded), which
 * makes the projection's second application of an event free.
 *
 * <p>After a failed write the outcome is unknown, so everything in memory is dropped and read again
 * before the next batch; the callers are told the change failed and retry it (the projection by its
 * restart backoff, a client by the 503 it gets).
 */
final class EdgeWriter extends AbstractBehavior<EdgeWriter.Command> {
  sealed interface Command extends CborSerializable {}

  record Apply(long member, boolean active, long version, Instant at, ActorRef<Applied> replyTo)
      implements Command {}

  /** The answer to {@link Apply}: {@code failure} is null when the change was stored. */
  /**
   * {@code changed}: this call changed the stored edge. {@code current}: the stored edge is at this
   * call's version (it changed it, or an earlier delivery of the same version did), i.e. the call
   * was not superseded by a later version.
   */
  record Applied(boolean changed, boolean current, long count, String failure)
      implements CborSerializable {}

  private record Loaded(List<Apply> batch, Long count, List<StoredEdge> rows) implements Command {}

  private record Written(
      List<Apply> batch, List<Boolean> changed, List<Boolean> current, long count)
      implements Command {}

  private record Failed(List<Apply> batch, Throwable cause) implements Command {}

  private final CountedEdges table;
  private final long owner;
  private final int maxBatch;
  private final Map<Long, StoredEdge> known;
  private final List<Apply> waiting = new ArrayList<>();
  private Long count;
  private boolean busy;

  static Behavior<Command> create(CountedEdges table, long owner, int maxBatch, int maxKnownRows) {
    return Behaviors.setup(
        context -> new EdgeWriter(context, table, owner, maxBatch, maxKnownRows));
  }

  private EdgeWriter(
      ActorContext<Command> context,
      CountedEdges table,
      long owner,
      int maxBatch,
      int maxKnownRows) {
    super(context);
    this.table = table;
    this.owner = owner;
    this.maxBatch = maxBatch;
    this.known =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, StoredEdge> eldest) {
            return size() > maxKnownRows;
          }
        };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Apply.class, this::onApply)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Written.class, this::onWritten)
        .onMessage(Failed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onApply(Apply apply) {
    waiting.add(apply);
    if (!busy) {
      startBatch();
    }
    return this;
  }

  private void startBatch() {
    busy = true;
    int size = Math.min(waiting.size(), maxBatch);
    List<Apply> batch = List.copyOf(waiting.subList(0, size));
    waiting.subList(0, size).clear();
    var unknownMembers =
        batch.stream().map(Apply::member).filter(m -> !known.containsKey(m)).distinct().toList();
    var loadCount =
        count != null
            ? CompletableFuture.completedFuture(count)
            : table.count(owner).toCompletableFuture();
    var loadRows = table.stored(owner, unknownMembers).toCompletableFuture();
    getContext()
        .pipeToSelf(
            loadCount.thenCombine(loadRows, (c, rows) -> new Loaded(batch, c, rows)),
            (loaded, failure) -> failure == null ? loaded : new Failed(batch, failure));
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    // the state of every member of the batch, taken before anything is added to the bounded
    // memory (which could evict a member this batch still needs)
    var current = new HashMap<Long, StoredEdge>();
    loaded.batch().forEach(apply -> current.put(apply.member(), known.get(apply.member())));
    loaded.rows().forEach(row -> current.put(row.member(), row));
    long newCount = loaded.count();
    var changedRows = new HashMap<Long, StoredEdge>();
    var since = new HashMap<Long, Instant>();
    var changed = new ArrayList<Boolean>(loaded.batch().size());
    var upToDate = new ArrayList<Boolean>(loaded.batch().size());
    for (var apply : loaded.batch()) {
      StoredEdge before = current.get(apply.member());
      if (before != null && before.version() >= apply.version()) {
        changed.add(false);
        upToDate.add(before.version() == apply.version());
        continue;
      }
      upToDate.add(true);
      boolean wasActive = before != null && before.active();
      newCount += apply.active() == wasActive ? 0 : apply.active() ? 1 : -1;
      var after = new StoredEdge(apply.member(), apply.active(), apply.version());
      current.put(apply.member(), after);
      changedRows.put(apply.member(), after);
      since.put(apply.member(), apply.at());
      changed.add(true);
    }
    current.values().stream().filter(Objects::nonNull).forEach(row -> known.put(row.member(), row));
    count = newCount;
    if (changedRows.isEmpty()) {
      return onWritten(new Written(loaded.batch(), changed, upToDate, newCount));
    }
    long countAfter = newCount;
    getContext()
        .pipeToSelf(
            table.write(owner, changedRows.values(), since, countAfter),
            (done, failure) ->
                failure == null
                    ? new Written(loaded.batch(), changed, upToDate, countAfter)
                    : new Failed(loaded.batch(), failure));
    return this;
  }

  private Behavior<Command> onWritten(Written written) {
    for (int i = 0; i < written.batch().size(); i++) {
      written
          .batch()
          .get(i)
          .replyTo()
          .tell(
              new Applied(
                  written.changed().get(i), written.current().get(i), written.count(), null));
    }
    return next();
  }

  private Behavior<Command> onFailed(Failed failed) {
    getContext()
        .getLog()
        .warn("Writing edges of {} in {} failed", owner, table.table(), failed.cause());
    known.clear();
    count = null;
    String reason = String.valueOf(failed.cause().getMessage());
    failed.batch().forEach(apply -> apply.replyTo().tell(new Applied(false, false, 0, reason)));
    return next();
  }

  private Behavior<Command> next() {
    busy = false;
    if (!waiting.isEmpty()) {
      startBatch();
    }
    return this;
  }
}
