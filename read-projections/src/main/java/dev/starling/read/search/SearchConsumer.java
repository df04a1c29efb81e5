package dev.starling.read.search;

import com.typesafe.config.Config;
import dev.starling.read.stream.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
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
import scala.concurrent.ExecutionContextExecutor;

/**
 * Keeps a node's search index up to date from the event stream. Every node holds the whole index,
 * so the consumer assigns itself every partition of the tweets and users topics (no consumer group,
 * no offsets in Kafka) and starts each at the position stored in the index, or at the beginning.
 * Records are applied in batches; the index is committed every {@code commit-interval} and when the
 * node stops. When Kafka cannot be reached the stream restarts with backoff and catches up once it
 * is back; posting, timelines and readiness never wait for it.
 */
public final class SearchConsumer {
  private static final Logger log = LoggerFactory.getLogger(SearchConsumer.class);

  private final SearchIndex index;
  private final Topics topics;
  private final AtomicReference<Consumer.Control> control = new AtomicReference<>();

  private SearchConsumer(SearchIndex index, Topics topics) {
    this.index = index;
    this.topics = topics;
  }

  /**
   * Starts consuming into {@code index} until coordinated shutdown drains the stream (before the
   * index is closed, which commits it).
   *
   * @return the current stream's control (null before the stream first started), for its metrics
   */
  public static Supplier<Consumer.Control> start(
      ActorSystem<?> system, SearchIndex index, Topics topics, Config search) {
    var consumer = new SearchConsumer(index, topics);
    consumer.run(system, search);
    return consumer.control::get;
  }

  private void run(ActorSystem<?> system, Config search) {
    ExecutionContextExecutor indexing = system.dispatchers().lookup(DispatcherSelector.blocking());
    var settings =
        ConsumerSettings.create(system, new StringDeserializer(), new StringDeserializer())
            .withProperties(consumerProperties())
            .withStopTimeout(Duration.ZERO);
    int batchSize = search.getInt("batch-size");
    Duration batchWindow = search.getDuration("batch-window");
    var restart =
        RestartSettings.create(
            search.getDuration("restart.min-backoff"),
            search.getDuration("restart.max-backoff"),
            0.2);
    var running =
        RestartSource.onFailuresWithBackoff(
                restart,
                () ->
                    records(settings)
                        .groupedWithin(batchSize, batchWindow)
                        .mapAsync(
                            1,
                            records ->
                                CompletableFuture.supplyAsync(
                                    () -> RecordIndexer.apply(index, records), indexing))
                        .mapError(
                            Throwable.class,
                            e -> {
                              log.warn("Search consumer fails, restarting with backoff", e);
                              return e;
                            }))
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.ignore(), Keep.both())
            .run(system);
    UniqueKillSwitch killSwitch = running.first();
    CompletionStage<Done> done = running.second();

    Duration every = search.getDuration("commit-interval");
    Cancellable commits =
        system.scheduler().scheduleWithFixedDelay(every, every, index::commit, indexing);

    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "stop-search-consumer",
            () -> {
              commits.cancel();
              Consumer.Control current = control.get();
              CompletableFuture<Done> drained =
                  current == null
                      ? CompletableFuture.completedFuture(Done.getInstance())
                      : current.drainAndShutdown(done, indexing).toCompletableFuture();
              return drained
                  .completeOnTimeout(Done.getInstance(), 3, TimeUnit.SECONDS)
                  .exceptionally(e -> Done.getInstance())
                  .thenCompose(
                      drainedOrNot -> {
                        killSwitch.shutdown();
                        return done.toCompletableFuture()
                            .completeOnTimeout(Done.getInstance(), 1, TimeUnit.SECONDS)
                            .exceptionally(e -> Done.getInstance());
                      });
            });
  }

  /** The records of every searched partition from the stored positions on. */
  private Source<ConsumerRecord<String, String>, NotUsed> records(
      ConsumerSettings<String, String> settings) {
    return Source.completionStage(topics.ensureExist().thenCompose(done -> partitions()))
        .flatMapConcat(
            partitions ->
                Consumer.plainSource(
                        settings, Subscriptions.assignmentWithOffset(startAt(partitions)))
                    .mapMaterializedValue(
                        started -> {
                          control.set(started);
                          return started;
                        }));
  }

  private Map<String, String> consumerProperties() {
    var properties = new HashMap<String, String>();
    topics
        .clientProperties()
        .forEach((key, value) -> properties.put((String) key, String.valueOf(value)));
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return properties;
  }

  /** Every partition of the topics search reads. */
  private CompletionStage<List<TopicPartition>> partitions() {
    return CompletableFuture.supplyAsync(() -> searchedPartitions(topics));
  }

  /** Every partition of the tweets and users topics; blocks for at most the request timeout. */
  public static List<TopicPartition> searchedPartitions(Topics topics) {
    try (Admin admin = Admin.create(topics.clientProperties())) {
      var described =
          admin.describeTopics(List.of(topics.tweets(), topics.users())).allTopicNames().get();
      var partitions = new ArrayList<TopicPartition>();
      described.forEach(
          (name, description) ->
              description
                  .partitions()
                  .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
      return partitions;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka topics cannot be described", e.getCause());
    }
  }

  private Map<TopicPartition, Long> startAt(List<TopicPartition> partitions) {
    var stored = index.positions();
    var start = new HashMap<TopicPartition, Long>();
    for (var partition : partitions) {
      start.put(partition, stored.getOrDefault(partition, 0L));
    }
    log.info("Search consumer starts at {}", start);
    return start;
  }
}
