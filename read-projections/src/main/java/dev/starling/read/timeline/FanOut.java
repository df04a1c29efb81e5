package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.starling.common.CborSerializable;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.timeline.Deliveries.Delivery;
import dev.starling.read.timeline.HomeTimelines.Entry;
import dev.starling.tweet.TweetData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;

/**
 * Delivers one tweet to (or takes it out of) the home timelines of its author's followers: one
 * sharded entity per tweet and direction, so the fast path and the projection never fan the same
 * tweet out twice at once — whichever asks second just waits for the first.
 *
 * <p>Followers are served a page at a time, newest follower first, and a node serves at most {@code
 * fan-out.pages-in-flight} pages at once (the rest wait their turn); after each page the position
 * is stored ({@code fan_out} table), so a fan-out cut short by a crash resumes where it stopped
 * when the projection delivers the event again, and a finished one is not repeated: the backstop
 * confirms the fast path instead of writing every row a second time.
 */
final class FanOut extends AbstractBehavior<FanOut.Command> {
  enum Direction {
    ADD,
    REMOVE
  }

  /** The position before the newest follower: nobody served yet. */
  private static final long NOT_STARTED = Long.MAX_VALUE;

  sealed interface Command extends CborSerializable {}

  /** Fans the tweet out (or in); {@code replyTo}, when present, hears once it is finished. */
  record Start(TweetData tweet, Direction direction, Optional<ActorRef<Finished>> replyTo)
      implements Command {}

  /** {@code failure} is null when every follower was served. */
  record Finished(String failure) implements CborSerializable {}

  private record Resumed(long nextFollower, boolean done, boolean skipped) implements Command {}

  private record Served(long nextFollower, boolean more) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  /** What a fan-out needs from its node. */
  record Tools(
      Cql cql,
      CountedEdges followers,
      Deliveries deliveries,
      Celebrities celebrities,
      int pageSize,
      AsyncPermits pages,
      PreparedStatement loadProgress,
      PreparedStatement saveProgress) {

    static Tools prepare(
        Cql cql,
        CountedEdges followers,
        Deliveries deliveries,
        Celebrities celebrities,
        int pageSize,
        int pagesInFlight) {
      return new Tools(
          cql,
          followers,
          deliveries,
          celebrities,
          pageSize,
          new AsyncPermits(pagesInFlight),
          cql.prepare(
              "SELECT next_follower, done FROM ${keyspace}.fan_out"
                  + " WHERE tweet_id = ? AND direction = ?"),
          cql.prepare(
              "UPDATE ${keyspace}.fan_out SET next_follower = ?, done = ?"
                  + " WHERE tweet_id = ? AND direction = ?"));
    }
  }

  private final EntityContext<Command> entity;
  private final Tools tools;
  private final List<ActorRef<Finished>> waiting = new ArrayList<>();
  private TweetData tweet;
  private Direction direction;

  static Behavior<Command> create(EntityContext<Command> entity, Tools tools) {
    return Behaviors.setup(context -> new FanOut(context, entity, tools));
  }

  private FanOut(ActorContext<Command> context, EntityContext<Command> entity, Tools tools) {
    super(context);
    this.entity = entity;
    this.tools = tools;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Start.class, this::onStart)
        .onMessage(Resumed.class, this::onResumed)
        .onMessage(Served.class, this::onServed)
        .onMessage(Failed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onStart(Start start) {
    start.replyTo().ifPresent(waiting::add);
    if (tweet != null) {
      return this;
    }
    tweet = start.tweet();
    direction = start.direction();
    var progress = position(tools, tweet.tweetId(), direction).toCompletableFuture();
    var skipped =
        (direction == Direction.ADD
                ? tools.celebrities().fanOutSkipped(tweet.authorId())
                : removalSkipped())
            .toCompletableFuture();
    getContext()
        .pipeToSelf(
            progress.thenCombine(
                skipped,
                (stored, skip) ->
                    stored
                        .map(p -> new Resumed(p.nextFollower(), p.done(), skip))
                        .orElse(new Resumed(NOT_STARTED, false, skip))),
            (resumed, failure) -> failure == null ? resumed : new Failed(failure));
    return this;
  }

  /** Where a fan-out stands: the next follower to serve, and whether every one was served. */
  record Position(long nextFollower, boolean done) {}

  /** The stored position of the tweet's fan-out in {@code way}, if it ever began. */
  static CompletionStage<Optional<Position>> position(Tools tools, long tweetId, Direction way) {
    return tools
        .cql()
        .one(
            tools.loadProgress(),
            row -> new Position(row.getLong(0), row.getBoolean(1)),
            tweetId,
            way.name());
  }

  /**
   * Whether a delete has no rows to take out: the post's own fan-out was skipped (its author was a
   * celebrity then) before it served anyone. A tweet fanned out before its author became a
   * celebrity is taken out all the same. Once the post's record has expired ({@code fan_out} keeps
   * two weeks), the author's standing now decides, as it does for a new post.
   */
  private CompletionStage<Boolean> removalSkipped() {
    return position(tools, tweet.tweetId(), Direction.ADD)
        .thenCompose(
            posted ->
                posted.isPresent()
                    ? CompletableFuture.completedFuture(
                        posted.get().done() && posted.get().nextFollower() == NOT_STARTED)
                    : tools.celebrities().fanOutSkipped(tweet.authorId()));
  }

  private Behavior<Command> onResumed(Resumed resumed) {
    if (resumed.done()) {
      return finish(null);
    }
    if (resumed.skipped()) {
      // a celebrity's tweet reaches followers by the read-time merge (and so leaves them by it)
      pipe(saveProgress(resumed.nextFollower(), true).thenApply(done -> new Served(0, false)));
      return this;
    }
    servePage(resumed.nextFollower());
    return this;
  }

  private Behavior<Command> onServed(Served served) {
    if (served.more()) {
      servePage(served.nextFollower());
      return this;
    }
    return finish(null);
  }

  private Behavior<Command> onFailed(Failed failed) {
    getContext()
        .getLog()
        .warn(
            "Fan-out {} of tweet {} failed; it resumes when asked again",
            direction,
            tweet.tweetId(),
            failed.cause());
    return finish(String.valueOf(failed.cause().getMessage()));
  }

  /** Serves one page of followers once the node has room for another page in flight. */
  private void servePage(long beforeFollower) {
    var entry = new Entry(tweet.tweetId(), tweet.authorId());
    boolean add = direction == Direction.ADD;
    CompletionStage<Served> page =
        tools
            .pages()
            .withPermit(
                () ->
                    tools
                        .followers()
                        .scanBefore(tweet.authorId(), beforeFollower, tools.pageSize())
                        .thenCompose(
                            scan -> {
                              var deliveries =
                                  scan.active().stream()
                                      .map(follower -> new Delivery(follower.id(), entry, add))
                                      .toList();
                              boolean more = scan.filled(tools.pageSize());
                              long next = more ? scan.lastId() : Long.MIN_VALUE;
                              return tools
                                  .deliveries()
                                  .deliver(deliveries)
                                  .thenCompose(delivered -> saveProgress(next, !more))
                                  .thenApply(saved -> new Served(next, more));
                            }));
    pipe(page);
  }

  private CompletionStage<Void> saveProgress(long nextFollower, boolean done) {
    return tools
        .cql()
        .run(tools.saveProgress(), nextFollower, done, tweet.tweetId(), direction.name());
  }

  private void pipe(CompletionStage<? extends Command> next) {
    getContext()
        .pipeToSelf(next, (message, failure) -> failure == null ? message : new Failed(failure));
  }

  /** Tells whoever waits and passivates: the next ask starts afresh from the stored position. */
  private Behavior<Command> finish(String failure) {
    waiting.forEach(replyTo -> replyTo.tell(new Finished(failure)));
    waiting.clear();
    entity.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    return Behaviors.receive(Command.class).onMessage(Start.class, this::afterFinish).build();
  }

  /** A start that arrives while passivating is answered from the stored position by a new run. */
  private Behavior<Command> afterFinish(Start start) {
    tweet = null;
    return onStart(start);
  }

  static CompletionStage<Void> noFailure(Finished finished) {
    return finished.failure() == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(
            new IllegalStateException("fan-out failed: " + finished.failure()));
  }
}
