package dev.starling.read.stream;

import com.typesafe.config.Config;
import dev.starling.engagement.Engagement;
import dev.starling.read.projection.TaggedProjections;
import dev.starling.read.stream.PublicEvents.Origin;
import dev.starling.read.stream.PublicEvents.PublicEvent;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.user.User;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream's publisher: one at-least-once projection per aggregate (user, tweet,
 * relationship, engagement), one instance per tag, each writing its aggregate's public events
 * ({@link PublicEvents}) to the aggregate's topic through one idempotent producer per node. With
 * Kafka down a send fails within {@code starling.kafka.producer.delivery-timeout}, the projection
 * restarts with {@code pekko.projection.restart-backoff} and resumes from its stored offset;
 * nothing else of the node waits for Kafka.
 */
public final class PublisherProjection {
  private static final Logger log = LoggerFactory.getLogger(PublisherProjection.class);

  private final ActorSystem<?> system;
  private final TopicsReady ready;
  private final SendProducer<String, String> producer;

  private PublisherProjection(
      ActorSystem<?> system, TopicsReady ready, SendProducer<String, String> producer) {
    this.system = system;
    this.ready = ready;
    this.producer = producer;
  }

  /** Starts publishing when {@code starling.kafka.publish} is on; does not wait for Kafka. */
  public static void start(ActorSystem<?> system) {
    Config kafka = system.settings().config().getConfig("starling.kafka");
    if (!kafka.getBoolean("publish")) {
      log.info("Event stream publishing is off (starling.kafka.publish)");
      return;
    }
    var topics = Topics.from(kafka);
    var producer = new SendProducer<>(producerSettings(system, topics, kafka), system);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-event-stream-producer",
            producer::close);
    var publisher = new PublisherProjection(system, new TopicsReady(topics), producer);
    publisher.<User.Event>publish(
        "publish-users", User.AGGREGATE, topics.users(), PublicEvents::of);
    publisher.<Tweet.Event>publish(
        "publish-tweets", Tweet.AGGREGATE, topics.tweets(), PublicEvents::of);
    publisher.<Relationship.Event>publish(
        "publish-relationships", Relationship.AGGREGATE, topics.relationships(), PublicEvents::of);
    publisher.<Engagement.Event>publish(
        "publish-engagement", Engagement.AGGREGATE, topics.engagement(), PublicEvents::of);
  }

  private <E> void publish(
      String projectionName,
      String aggregate,
      String topic,
      BiFunction<E, Origin, Optional<PublicEvent>> toPublic) {
    TaggedProjections.<E>start(
        system,
        projectionName,
        aggregate,
        () -> new PublishHandler<>(ready::get, producer, topic, toPublic));
  }

  private static ProducerSettings<String, String> producerSettings(
      ActorSystem<?> system, Topics topics, Config kafka) {
    Config producer = kafka.getConfig("producer");
    Duration deliveryTimeout = producer.getDuration("delivery-timeout");
    Duration linger = producer.getDuration("linger");
    int requestTimeoutMs = (int) topics.requestTimeout().toMillis();
    return ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
        .withBootstrapServers(topics.bootstrapServers())
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .withProperty(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            Long.toString(
                Math.max(deliveryTimeout.toMillis(), requestTimeoutMs + linger.toMillis())))
        .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeoutMs))
        .withProperty(
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            Long.toString(producer.getDuration("max-block").toMillis()))
        .withProperty(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()))
        .withCloseTimeout(topics.requestTimeout());
  }

  /**
   * The topics exist once {@link Topics#ensureExist()} succeeded; until then every projection start
   * asks again (a failed attempt fails that start, which the projection retries with backoff), and
   * concurrent starts share one attempt.
   */
  private static final class TopicsReady {
    private final Topics topics;
    private final AtomicReference<CompletableFuture<Done>> attempt = new AtomicReference<>();

    TopicsReady(Topics topics) {
      this.topics = topics;
    }

    CompletionStage<Done> get() {
      while (true) {
        var current = attempt.get();
        if (current != null && !current.isCompletedExceptionally()) {
          return current;
        }
        var next = new CompletableFuture<Done>();
        if (attempt.compareAndSet(current, next)) {
          topics
              .ensureExist()
              .whenComplete(
                  (done, failure) -> {
                    if (failure != null) {
                      log.warn("Kafka topics not ready, publishing waits: {}", failure.toString());
                      next.completeExceptionally(failure);
                    } else {
                      next.complete(Done.getInstance());
                    }
                  });
          return next;
        }
      }
    }
  }
}
