package dev.starling.read.stream;

import dev.starling.common.Stages;
import dev.starling.read.stream.PublicEvents.Origin;
import dev.starling.read.stream.PublicEvents.PublicEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Publishes one aggregate's events to its topic. An event is done only when Kafka acknowledged its
 * record (acks=all), so the projection's offset never passes an event that is not on the topic; a
 * send that fails or times out fails the projection, which restarts with backoff from its stored
 * offset and sends again (consumers dedupe on {@code event_id}).
 */
final class PublishHandler<E> extends Handler<EventEnvelope<E>> {
  private final Supplier<CompletionStage<Done>> topicsReady;
  private final SendProducer<String, String> producer;
  private final String topic;
  private final BiFunction<E, Origin, Optional<PublicEvent>> toPublic;

  PublishHandler(
      Supplier<CompletionStage<Done>> topicsReady,
      SendProducer<String, String> producer,
      String topic,
      BiFunction<E, Origin, Optional<PublicEvent>> toPublic) {
    this.topicsReady = topicsReady;
    this.producer = producer;
    this.topic = topic;
    this.toPublic = toPublic;
  }

  /** Sending before the topics exist would let the broker auto-create them with its defaults. */
  @Override
  public CompletionStage<Done> start() {
    return topicsReady.get();
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<E> envelope) {
    var origin =
        new Origin(
            envelope.persistenceId(),
            envelope.sequenceNr(),
            Instant.ofEpochMilli(envelope.timestamp()));
    return toPublic
        .apply(envelope.event(), origin)
        .map(
            event ->
                Stages.plain(producer.send(new ProducerRecord<>(topic, event.key(), event.value())))
                    .thenApply(acknowledged -> Done.getInstance()))
        .orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance()));
  }
}
