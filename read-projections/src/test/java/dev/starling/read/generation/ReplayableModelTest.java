package dev.starling.read.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.read.store.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a generation names its tables and projections, and the DDL it creates them with. */
class ReplayableModelTest {
  private static final ReplayableModel<Map<String, String>> MODEL =
      new ReplayableModel<>(
          "notifications",
          "notification.cql",
          List.of("notifications"),
          ReplayableModel.Initial.LIVE,
          tables -> tables,
          List.of());

  @Test
  void generationZeroKeepsTheOriginalNamesAndLaterOnesAreSuffixed() {
    assertEquals(Map.of("notifications", "notifications"), MODEL.tablesOf(0));
    assertEquals(Map.of("notifications", "notifications_g3"), MODEL.repositoryOf(3));
    assertEquals("notifications-tweets", ReplayableModel.projectionName("notifications-tweets", 0));
    assertEquals(
        "notifications-tweets@g2", ReplayableModel.projectionName("notifications-tweets", 2));
  }

  @Test
  void theModelsOwnScriptCreatesAGenerationsTables() {
    List<String> ddl = Schema.tablesOf("notification.cql", MODEL.tablesOf(2));
    assertEquals(1, ddl.size(), ddl::toString);
    assertTrue(
        ddl.get(0).startsWith("CREATE TABLE IF NOT EXISTS ${keyspace}.notifications_g2 ("),
        ddl::toString);
    assertTrue(ddl.get(0).contains("PRIMARY KEY (user_id, notification_id)"), ddl::toString);
  }

  @Test
  void onlyWholeTableNamesAreRenamed() {
    List<String> original = Schema.tablesOf("graph.cql", Map.of());
    assertEquals(original, Schema.tablesOf("graph.cql", Map.of("follow", "follow_g1")));
    List<String> renamed = Schema.tablesOf("graph.cql", Map.of("following", "following_g1"));
    assertTrue(renamed.stream().anyMatch(s -> s.contains("${keyspace}.following_g1 (")));
    assertTrue(renamed.stream().anyMatch(s -> s.contains("${keyspace}.followers (")));
  }
}
