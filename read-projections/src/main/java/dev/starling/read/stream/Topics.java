package dev.starling.read.stream;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The event stream's topics and how to reach them ({@code starling.kafka}): one topic per aggregate
 * kind, keyed by aggregate id, so every entity's events stay in order within one partition. The
 * public schema of what they carry is {@code docs/events.md}.
 */
public record Topics(
    String bootstrapServers,
    String prefix,
    int partitions,
    short replicationFactor,
    Duration requestTimeout) {

  public static Topics from(Config kafka) {
    return new Topics(
        kafka.getString("bootstrap-servers"),
        kafka.getString("topic-prefix"),
        kafka.getInt("partitions"),
        (short) kafka.getInt("replication-factor"),
        kafka.getDuration("request-timeout"));
  }

  public String tweets() {
    return prefix + ".tweets";
  }

  public String users() {
    return prefix + ".users";
  }

  public String relationships() {
    return prefix + ".relationships";
  }

  public String engagement() {
    return prefix + ".engagement";
  }

  public List<String> all() {
    return List.of(tweets(), users(), relationships(), engagement());
  }

  /** Client properties every producer, consumer and admin client of the node starts from. */
  public Properties clientProperties() {
    var properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    return properties;
  }

  /**
   * Creates the topics that do not exist yet, with unlimited retention: the topics are the history
   * search and trends rebuild from. Completes exceptionally when Kafka cannot be reached within the
   * request timeout; callers retry.
   */
  public CompletionStage<Void> ensureExist() {
    return CompletableFuture.runAsync(
        () -> {
          try (Admin admin = Admin.create(clientProperties())) {
            var existing = admin.listTopics().names().get();
            var missing =
                all().stream()
                    .filter(name -> !existing.contains(name))
                    .map(
                        name ->
                            new NewTopic(name, partitions, replicationFactor)
                                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))
                    .toList();
            if (!missing.isEmpty()) {
              try {
                admin.createTopics(missing).all().get();
              } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                  throw e;
                }
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Kafka topics could not be created", e.getCause());
          }
        });
  }
}
