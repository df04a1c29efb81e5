package dev.starling.read.store;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the keyspace and every table — journal, snapshots, projection offsets, read models,
 * tokens — before anything else touches Cassandra. Each statement is idempotent, so this runs at
 * every start; the persistence plugin's own auto-create stays off because it only runs for
 * whichever component opens its session first.
 */
public final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  /**
   * Script resources under {@code /schema/}, run in this order: the keyspace and the plugins'
   * tables first, then one file per read model.
   */
  static final List<String> SCRIPTS =
      List.of(
          "journal.cql",
          "accounts.cql",
          "graph.cql",
          "timeline.cql",
          "engagement.cql",
          "notification.cql",
          "projection.cql",
          "media.cql",
          "generation.cql");

  private Schema() {}

  public static List<String> statements(String keyspace, int replicationFactor) {
    return SCRIPTS.stream()
        .flatMap(Schema::statementsOf)
        .map(
            s ->
                s.replace("${keyspace}", keyspace)
                    .replace("${replication_factor}", Integer.toString(replicationFactor)))
        .toList();
  }

  /**
   * The DDL of one read model's script with each of its tables renamed as {@code tables} maps them
   * (the tables of another generation of that model), with {@code ${keyspace}} left in.
   */
  public static List<String> tablesOf(String script, Map<String, String> tables) {
    return statementsOf(script)
        .map(
            statement -> {
              String renamed = statement;
              for (var table : tables.entrySet()) {
                renamed =
                    renamed.replaceAll(
                        "\\$\\{keyspace\\}\\." + Pattern.quote(table.getKey()) + "\\b",
                        Matcher.quoteReplacement("${keyspace}." + table.getValue()));
              }
              return renamed;
            })
        .toList();
  }

  private static Stream<String> statementsOf(String script) {
    return Arrays.stream(read(script).split("(?m)^;\\s*$"))
        .map(Schema::withoutComments)
        .filter(s -> !s.isBlank());
  }

  private static String read(String script) {
    try (InputStream in = Schema.class.getResourceAsStream("/schema/" + script)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withoutComments(String statement) {
    return statement
        .lines()
        .filter(l -> !l.trim().startsWith("--"))
        .reduce("", (a, b) -> a + b + "\n")
        .trim();
  }

  public static void create(CqlSession session, String keyspace, int replicationFactor) {
    long start = System.nanoTime();
    for (String statement : statements(keyspace, replicationFactor)) {
      session.execute(
          com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(statement)
              .setTimeout(Duration.ofSeconds(30)));
    }
    session.checkSchemaAgreement();
    log.info(
        "Schema of keyspace {} ready in {} ms",
        keyspace,
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }
}
