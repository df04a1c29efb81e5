package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.testing.RealServersExtension;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code replay} of the notifications read model against a real node: the API keeps answering from
 * the old generation while the new one is built, events arriving meanwhile land in the new one, the
 * build survives a node restart, and after the switch the notifications are the same items in the
 * same order, read from the new tables; {@code backfill} of a model that has no tables yet; the
 * CLI.
 */
@ExtendWith(RealServersExtension.class)
class ReplayTest {
  private static final String TOKEN = NodeFixture.ADMIN_TOKEN;
  private static final Duration BUILD_BOUND = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static NodeFixture node;
  private static ApiClient api;
  private static StoredRows rows;

  @BeforeAll
  static void start() {
    node = new NodeFixture(ReplayTest.class, NodeFixture.ADMIN);
    api = node.client();
    rows = new StoredRows(node.keyspace());
  }

  @AfterAll
  static void stop() {
    rows.close();
    node.close();
  }

  private static ApiClient.Response post(String path) {
    return node.admin().send("POST", path, TOKEN, null, null, Map.of());
  }

  private static JsonNode model() {
    var status = node.admin().get("/admin/read-models/notifications", TOKEN);
    assertEquals(200, status.status(), () -> status.raw().body());
    return status.json().get("read_models").get(0);
  }

  /** The reader's notifications as the API answers them: id, type, actor, tweet, time. */
  static List<JsonNode> notifications(ApiClient apiClient, ApiClient.Account reader) {
    var page = apiClient.get("/api/v1/notifications?limit=100", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var items = new ArrayList<JsonNode>();
    page.json().get("items").forEach(items::add);
    return items;
  }

  static List<String> ids(List<JsonNode> items) {
    return items.stream().map(i -> i.get("id").asText()).toList();
  }

  private static List<Long> storedIds(String table, ApiClient.Account reader) {
    return rows
        .query(
            "SELECT notification_id FROM ${keyspace}." + table + " WHERE user_id = ?",
            Long.parseLong(reader.id()))
        .stream()
        .map(r -> r.getLong(0))
        .toList();
  }

  private static String adminUrl() {
    return "http://127.0.0.1:" + node.node().adminPort().orElseThrow();
  }

  @Test
  void replayBuildsNewTablesWhileTheOldServeThenSwitches() throws IOException {
    var ann = api.register("replay_ann");
    var bob = api.register("replay_bob");
    var cat = api.register("replay_cat");
    var dan = api.register("replay_dan");
    api.follows(bob, ann);
    api.follows(cat, ann);
    String tweet = api.tweetId(ann, "replay me");
    assertEquals(
        200,
        api.send("POST", "/api/v1/tweets/" + tweet + "/like", bob.token(), null, null, Map.of())
            .status());
    var reply =
        api.postJson(
            "/api/v1/tweets",
            cat.token(),
            Map.of("text", "@replay_ann indeed", "reply_to_id", tweet));
    assertEquals(201, reply.status(), () -> reply.raw().body());
    node.awaitProjectionsCaughtUp("notifications");
    List<JsonNode> before = notifications(api, ann);
    assertEquals(5, before.size(), before::toString);

    // a row only generation 0 holds: the API shows it exactly while it reads generation 0
    rows.query(
        "INSERT INTO ${keyspace}.notifications (user_id, notification_id, type, actor_id,"
            + " created_at) VALUES (?, 1, 'follow', ?, ?)",
        Long.parseLong(ann.id()),
        Long.parseLong(dan.id()),
        Instant.parse("2020-01-01T00:00:00Z"));
    List<String> withMarker = new ArrayList<>(ids(before));
    withMarker.add("1");
    assertEquals(withMarker, ids(notifications(api, ann)));

    var started = post("/admin/read-models/notifications/replay?switch=manual");
    assertEquals(200, started.status(), () -> started.raw().body());
    JsonNode building = started.json().get("read_models").get(0);
    assertEquals(0, building.get("active_generation").asInt());
    assertEquals(1, building.get("building_generation").asInt());
    assertEquals("replaying", building.get("state").asText(), building::toString);

    // an event during the replay: the old generation shows it now, the new one must get it too
    api.follows(dan, ann);
    List<JsonNode> duringReplay =
        Eventually.within(
            Eventually.BOUND, () -> notifications(api, ann), items -> items.size() == 7);
    assertEquals("1", duringReplay.get(6).get("id").asText(), "generation 0 still serves");

    // caught up means the build reached generation 0's stored offsets, which may trail the follow
    // generation 0 already serves: wait for the build to have applied it as well
    JsonNode caughtUp =
        Eventually.within(
            BUILD_BOUND,
            ReplayTest::model,
            m ->
                m.get("state").asText().equals("caught-up")
                    && m.get("progress").get("events").asLong() >= 6);
    assertEquals(0, caughtUp.get("active_generation").asInt());
    assertEquals(ids(duringReplay), ids(notifications(api, ann)), "caught up, not switched");
    List<String> real = ids(duringReplay).subList(0, 6);
    Eventually.within(
        Eventually.BOUND,
        () -> storedIds("notifications_g1", ann),
        stored -> stored.equals(real.stream().map(Long::parseLong).toList()));

    // the build survives a restart: the node feeds generation 1 again, still serving 0
    node.restart();
    api = node.client();
    assertEquals("caught-up", model().get("state").asText());
    assertEquals(ids(duringReplay), ids(notifications(api, ann)));
    var eve = api.register("replay_eve");
    api.follows(eve, ann);
    // both generations get the event: generation 0 serves it (with the marker), 1 stores it
    Eventually.within(Eventually.BOUND, () -> notifications(api, ann), items -> items.size() == 8);
    Eventually.within(
        Eventually.BOUND, () -> storedIds("notifications_g1", ann), stored -> stored.size() == 7);

    var switched = OpsCli.run(adminUrl(), TOKEN, "read-models", "switch", "notifications");
    assertEquals(0, switched.exit(), switched::toString);
    assertTrue(switched.out().contains("serving"), switched::toString);
    List<JsonNode> after = notifications(api, ann);
    assertEquals(7, after.size(), after::toString);
    assertEquals(
        storedIds("notifications_g1", ann).stream().map(Object::toString).toList(),
        ids(after),
        "the same notifications in the same order, from generation 1");
    assertEquals(duringReplay.subList(0, 6), after.subList(1, 7), "identical items");
    JsonNode serving = model();
    assertEquals(1, serving.get("active_generation").asInt());
    assertTrue(serving.get("building_generation").isNull());
    assertEquals(0, serving.at("/last_switch/from_generation").asInt());
    assertEquals(1, serving.at("/last_switch/to_generation").asInt());
    Eventually.within(
        Eventually.BOUND,
        () -> node.admin().get("/admin/projections/notifications-follows", TOKEN).json(),
        listed -> {
          var states = new ArrayList<String>();
          listed.at("/projections/0/instances").forEach(i -> states.add(i.get("state").asText()));
          return states.stream().allMatch("paused"::equals);
        });

    // generation 1's projections are the live ones now
    var fay = api.register("replay_fay");
    api.follows(fay, ann);
    Eventually.within(Eventually.BOUND, () -> notifications(api, ann), items -> items.size() == 8);
    assertEquals(8, storedIds("notifications", ann).size(), "generation 0 is fed no more");

    var dropped = OpsCli.run(adminUrl(), TOKEN, "read-models", "drop", "notifications", "0");
    assertEquals(0, dropped.exit(), dropped::toString);
    assertTrue(
        rows.query(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?"
                    + " AND table_name = 'notifications'",
                node.keyspace())
            .isEmpty());
    var activeDrop = OpsCli.run(adminUrl(), TOKEN, "read-models", "drop", "notifications", "1");
    assertEquals(1, activeDrop.exit(), activeDrop::toString);
    assertTrue(activeDrop.err().contains("Error 409"), activeDrop::toString);

    // the CLI's replay follows the build to the switch and sums it up
    List<String> beforeSecondReplay = ids(notifications(api, ann));
    var replayed = OpsCli.run(adminUrl(), TOKEN, "replay", "notifications");
    assertEquals(0, replayed.exit(), replayed::toString);
    assertTrue(replayed.out().contains("switched from generation 1 to 2"), replayed::toString);
    assertTrue(replayed.out().matches("(?s).*done: \\d+ events in .*"), replayed::toString);
    assertEquals(beforeSecondReplay, ids(notifications(api, ann)));
    assertEquals(
        beforeSecondReplay,
        storedIds("notifications_g2", ann).stream().map(Object::toString).toList());
    var listed = OpsCli.run(adminUrl(), TOKEN, "read-models", "--json");
    assertEquals(0, listed.exit(), listed::toString);
    JsonNode json = MAPPER.readTree(listed.out()).at("/read_models/0");
    assertEquals(2, json.get("active_generation").asInt(), json::toString);
    assertEquals(List.of("dropped", "retired", "active"), roles(json));
  }

  @Test
  void badRequestsAreProblemsNamingWhatIsWrong() {
    var admin = node.admin();
    ProjectionAdminTest.assertProblem(
        404, "no replayable read model named 'nope'", post("/admin/read-models/nope/replay"));
    ProjectionAdminTest.assertProblem(
        404, "no replayable read model", admin.get("/admin/read-models/nope", TOKEN));
    ProjectionAdminTest.assertProblem(
        400,
        "switch must be auto or manual",
        post("/admin/read-models/notifications/replay?switch=now"));
    ProjectionAdminTest.assertProblem(
        409, "has no generation being built", post("/admin/read-models/notifications/switch"));
    ProjectionAdminTest.assertProblem(
        409, "rebuild it with replay", post("/admin/read-models/notifications/backfill"));
    ProjectionAdminTest.assertProblem(
        404,
        "has no generation 99",
        admin.send(
            "DELETE",
            "/admin/read-models/notifications/generations/99",
            TOKEN,
            null,
            null,
            Map.of()));
    assertEquals(401, admin.get("/admin/read-models", null).status());
    var usage = OpsCli.run(adminUrl(), TOKEN, "replay");
    assertEquals(2, usage.exit(), usage::toString);
    assertTrue(usage.err().contains("Usage:"), usage::toString);
  }

  /**
   * A model that starts empty (added after its events): its queries answer 503 until a backfill has
   * built it from the journal, then they answer from it.
   */
  @Test
  void backfillBuildsAModelThatHadNoTables() {
    var settings = new java.util.HashMap<String, Object>(NodeFixture.ADMIN);
    settings.put("starling.read-models.initial.notifications", "empty");
    settings.put("starling.read-models.backfill-settle", "2s");
    try (var fresh = new NodeFixture(ReplayTest.class, settings)) {
      var client = fresh.client();
      var gil = client.register("backfill_gil");
      var hal = client.register("backfill_hal");
      client.follows(hal, gil);
      var waiting = client.get("/api/v1/notifications", gil.token());
      assertEquals(503, waiting.status(), () -> waiting.raw().body());
      assertEquals("application/problem+json", waiting.contentType());
      assertTrue(waiting.header("Retry-After") != null);
      assertTrue(waiting.json().get("detail").asText().contains("being built"));

      String url = "http://127.0.0.1:" + fresh.node().adminPort().orElseThrow();
      var refused = OpsCli.run(url, TOKEN, "replay", "notifications");
      assertEquals(1, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("build it with backfill"), refused::toString);

      var backfilled = OpsCli.run(url, TOKEN, "backfill", "notifications", "--json");
      assertEquals(0, backfilled.exit(), backfilled::toString);
      assertTrue(backfilled.out().contains("\"active_generation\":1"), backfilled::toString);
      var page = client.get("/api/v1/notifications", gil.token());
      assertEquals(200, page.status(), () -> page.raw().body());
      assertEquals(1, page.json().get("items").size(), () -> page.raw().body());
      assertEquals(hal.id(), page.json().at("/items/0/actor/id").asText());
    }
  }

  private static List<String> roles(JsonNode model) {
    var roles = new ArrayList<String>();
    model.get("generations").forEach(g -> roles.add(g.get("role").asText()));
    return roles;
  }
}
