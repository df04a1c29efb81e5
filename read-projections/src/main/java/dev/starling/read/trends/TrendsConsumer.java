package dev.starling.read.trends;

import com.typesafe.config.Config;
import dev.starling.common.CountryCode;
import dev.starling.read.stream.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link TrendWindows} from the {@code tweets} topic. Every node holds the whole trend state,
 * so it assigns itself every partition (no consumer group) and commits nothing: at every start it
 * reads from the offsets of the records published since the horizon began (now minus the current
 * and baseline windows), which rebuilds exactly what the score needs. Record timestamps are never
 * earlier than the tweets' own times, so no tweet the horizon needs is skipped; older ones that are
 * read anyway are dropped by event time, and redelivered ones by tweet id.
 *
 * <p>Failures (Kafka unreachable at start, the account read side failing a location lookup) restart
 * the stream with backoff from the horizon again; while it runs, a Kafka outage only pauses it and
 * it catches up when Kafka returns. Coordinated shutdown drains it.
 */
public final class TrendsConsumer {
  private static final Logger log = LoggerFactory.getLogger(TrendsConsumer.class);

  private final Topics topics;
  private final TrendWindows windows;
  private final TrendSettings settings;
  private final Function<Long, CompletionStage<Optional<String>>> authorLocation;
  private final Clock clock;
  private final AtomicInteger attempts = new AtomicInteger();

  /**
   * @param authorLocation an account's {@code location}, for tweets without a {@code place}
   */
  public TrendsConsumer(
      Topics topics,
      TrendWindows windows,
      TrendSettings settings,
      Function<Long, CompletionStage<Optional<String>>> authorLocation,
      Clock clock) {
    this.topics = topics;
    this.windows = windows;
    this.settings = settings;
    this.authorLocation = authorLocation;
    this.clock = clock;
  }

  /**
   * Starts consuming; the stream stops in coordinated shutdown's service-stop phase.
   *
   * @return the current stream's control, for its metrics
   */
  public Supplier<Consumer.Control> start(ActorSystem<?> system, Config restart) {
    var consumerSettings = consumerSettings(system);
    var control = new AtomicReference<Consumer.Control>(Consumer.createNoopControl());
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        RestartSource.onFailuresWithBackoff(
                RestartSettings.create(
                    restart.getDuration("min-backoff"),
                    restart.getDuration("max-backoff"),
                    restart.getDouble("random-factor")),
                () ->
                    Source.completionStageSource(
                            startPositions()
                                .thenApply(
                                    positions ->
                                        Consumer.plainSource(
                                                consumerSettings,
                                                Subscriptions.assignmentWithOffset(positions))
                                            .mapMaterializedValue(
                                                started -> {
                                                  control.set(started);
                                                  return started;
                                                })))
                        .mapAsync(settings.lookupParallelism(), this::change)
                        .map(
                            change -> {
                              change.run();
                              return Done.getInstance();
                            }))
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.ignore(), Keep.both())
            .run(system);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "stop-trends-consumer",
            () -> {
              // nothing is committed and the state ends with the node, so nothing in flight needs
              // to land: the kill switch ends the stream at once, even while it waits to restart,
              // and the draining control then closes the consumer
              running.first().shutdown();
              return Consumer.createDrainingControl(control.get(), running.second())
                  .drainAndShutdown(system.executionContext());
            });
    return control::get;
  }

  /** How often the stream has started reading, the first time included; restarts add one each. */
  public int attempts() {
    return attempts.get();
  }

  private ConsumerSettings<String, String> consumerSettings(ActorSystem<?> system) {
    var properties = new HashMap<String, String>();
    topics
        .clientProperties()
        .forEach((key, value) -> properties.put(key.toString(), value.toString()));
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return ConsumerSettings.create(system, new StringDeserializer(), new StringDeserializer())
        .withProperties(properties)
        .withClientId("starling-trends")
        .withStopTimeout(Duration.ZERO);
  }

  /**
   * Every partition of the topic, each at its first record published since the horizon began, or at
   * its end when there is none. The ends are read first: a record published between the two reads
   * is then read, never skipped.
   */
  private CompletionStage<Map<TopicPartition, Long>> startPositions() {
    attempts.incrementAndGet();
    Instant from = clock.instant().minus(settings.horizon()).minus(settings.bucketLength());
    return topics
        .ensureExist()
        .thenApplyAsync(
            created -> {
              try (Admin admin = Admin.create(topics.clientProperties())) {
                String topic = topics.tweets();
                List<TopicPartition> partitions =
                    admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .stream()
                        .map(partition -> new TopicPartition(topic, partition.partition()))
                        .toList();
                var ends = offsets(admin, partitions, OffsetSpec.latest());
                var starts =
                    offsets(admin, partitions, OffsetSpec.forTimestamp(from.toEpochMilli()));
                var positions = new HashMap<TopicPartition, Long>();
                for (var partition : partitions) {
                  long start = starts.get(partition);
                  positions.put(partition, start >= 0 ? start : ends.get(partition));
                }
                log.info("Trends read {} from {} (since {})", topic, positions, from);
                return positions;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka offsets could not be read", e.getCause());
              }
            });
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    var request = new HashMap<TopicPartition, OffsetSpec>();
    partitions.forEach(partition -> request.put(partition, spec));
    var found = admin.listOffsets(request).all().get();
    var offsets = new HashMap<TopicPartition, Long>();
    found.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  /**
   * What a record does to the windows, applied in record order once every earlier record's change
   * is. A record that is not a valid event is logged and skipped: one bad record must not stop
   * trends for good.
   */
  private CompletionStage<Runnable> change(ConsumerRecord<String, String> record) {
    Optional<TweetEvent> event;
    try {
      event = TweetEvents.parse(record.value());
    } catch (IllegalArgumentException e) {
      log.warn(
          "Trends skip record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return CompletableFuture.completedFuture(() -> {});
    }
    if (event.isEmpty()) {
      return CompletableFuture.completedFuture(() -> {});
    }
    if (event.get() instanceof TweetEvent.Deleted deleted) {
      return CompletableFuture.completedFuture(
          () -> windows.deleted(deleted.tweetId(), deleted.deletedAt()));
    }
    var posted = (TweetEvent.Posted) event.get();
    if (!posted.forEveryone() || posted.hashtags().isEmpty()) {
      return CompletableFuture.completedFuture(() -> {});
    }
    return geographies(posted)
        .thenApply(
            places ->
                () ->
                    windows.posted(
                        posted.tweetId(),
                        posted.authorId(),
                        posted.createdAt(),
                        posted.hashtags(),
                        places));
  }

  /** The tweet's place, else its author's location; global is added by the windows. */
  private CompletionStage<List<String>> geographies(TweetEvent.Posted posted) {
    if (posted.place() != null) {
      return CompletableFuture.completedFuture(
          CountryCode.parse(posted.place()).map(List::of).orElse(List.of()));
    }
    return authorLocation
        .apply(posted.authorId())
        .thenApply(
            location -> location.flatMap(CountryCode::parse).map(List::of).orElse(List.of()));
  }
}
