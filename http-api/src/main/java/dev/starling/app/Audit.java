package dev.starling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.starling.common.Stages;
import dev.starling.tweet.Tweet;
import dev.starling.user.Handle;
import dev.starling.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The full event history of an aggregate, read from the journal in sequence order, for operators
 * (docs/operations.md, audit). A user's history comes with that of each handle it claimed (the
 * {@code Handle} entity that keeps handles unique). Secrets never leave: every field named like a
 * password, hash, token, secret or credential is masked, however deep in the event it sits.
 */
public final class Audit {
  static final String MASK = "***";

  /** Field names whose values are masked: password hashes, token material, secrets. */
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(password|secret|token|credential).*|(?i).*hash");

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final ObjectMapper mapper;

  public Audit(ActorSystem<?> system) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.mapper =
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
  }

  /** One journaled event as an operator reads it. */
  public record AuditedEvent(long sequenceNr, Instant timestamp, String type, JsonNode fields) {}

  /** One entity's events, in sequence order, and what the entity is to the audited aggregate. */
  public record EntityHistory(String persistenceId, String role, List<AuditedEvent> events) {}

  /** The audited aggregate first, then the entities it owns. */
  public record AuditTrail(String aggregate, String id, List<EntityHistory> entities) {}

  /** The tweet's history; empty when the journal holds no event of it. */
  public CompletionStage<Optional<AuditTrail>> tweet(long tweetId) {
    String id = Long.toString(tweetId);
    return history(PersistenceId.of(Tweet.ENTITY_KEY.name(), id), "aggregate")
        .thenApply(
            tweet ->
                tweet.events().isEmpty()
                    ? Optional.empty()
                    : Optional.of(new AuditTrail("tweet", id, List.of(tweet))));
  }

  /** The user's history and that of every handle it registered with. */
  public CompletionStage<Optional<AuditTrail>> user(long userId) {
    String id = Long.toString(userId);
    return history(PersistenceId.of(User.ENTITY_KEY.name(), id), "aggregate")
        .thenCompose(
            user -> {
              if (user.events().isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<AuditTrail>empty());
              }
              var handles = new LinkedHashSet<String>();
              user.events().stream()
                  .map(e -> e.fields().path("profile").path("handle"))
                  .filter(JsonNode::isTextual)
                  .forEach(handle -> handles.add(Handle.key(handle.asText())));
              List<CompletableFuture<EntityHistory>> claims =
                  handles.stream()
                      .map(
                          key ->
                              history(
                                      PersistenceId.of(Handle.ENTITY_KEY.name(), key),
                                      "handle claim")
                                  .toCompletableFuture())
                      .toList();
              return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        var entities = new ArrayList<EntityHistory>();
                        entities.add(user);
                        claims.forEach(claim -> entities.add(claim.join()));
                        return Optional.of(new AuditTrail("user", id, entities));
                      });
            });
  }

  /** The user whose handle this is (or was last), from the handle's own journal. */
  public CompletionStage<Optional<Long>> ownerOfHandle(String handle) {
    return history(PersistenceId.of(Handle.ENTITY_KEY.name(), Handle.key(handle)), "handle claim")
        .thenApply(
            claim ->
                claim.events().stream()
                    .map(e -> e.fields().path("ownerId"))
                    .filter(JsonNode::isNumber)
                    .map(JsonNode::asLong)
                    .reduce((first, second) -> second));
  }

  private CompletionStage<EntityHistory> history(PersistenceId persistenceId, String role) {
    return Stages.plain(
            journal
                .currentEventsByPersistenceId(persistenceId.id(), 0L, Long.MAX_VALUE)
                .map(this::audited)
                .runWith(Sink.seq(), system))
        .thenApply(events -> new EntityHistory(persistenceId.id(), role, List.copyOf(events)));
  }

  private AuditedEvent audited(EventEnvelope envelope) {
    Object event = envelope.event();
    return new AuditedEvent(
        envelope.sequenceNr(),
        Instant.ofEpochMilli(envelope.timestamp()),
        event.getClass().getName(),
        masked(mapper.valueToTree(event)));
  }

  static JsonNode masked(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var names = new ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        object.set(
            name,
            SECRET.matcher(name).matches() && !value.isNull() ? new TextNode(MASK) : masked(value));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, masked(array.get(i)));
      }
    }
    return node;
  }
}
