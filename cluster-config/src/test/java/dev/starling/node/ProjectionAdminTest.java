package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.common.Tags;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin interface and the CLI against a real node: a poison event in the real journal is
 * retried, stops its projection instance (state, metric) while the other instances run on, and a
 * skip steps past it so later events are applied; pause, resume and reset; audit trails with
 * secrets masked; shards per entity type; and {@code ops/starling projections}, {@code audit} and
 * {@code shards} as an operator runs them.
 */
@ExtendWith(RealServersExtension.class)
class ProjectionAdminTest {
  private static final String TOKEN = "admin-token-for-tests";
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static NodeFixture node;
  private static ApiClient admin;
  private static StoredRows rows;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            ProjectionAdminTest.class,
            Map.of(
                "starling.admin.token",
                TOKEN,
                "starling.admin.port",
                0,
                "starling.projections.failure.retries",
                2,
                // an instance two events behind shows "at least 1"
                "starling.projections.status.lag-count-limit",
                1,
                "starling.projections.failure.retry-min-backoff",
                "100ms",
                "starling.projections.failure.retry-max-backoff",
                "200ms",
                "starling.projections.status.refresh-interval",
                "500ms"));
    admin = new ApiClient(adminUrl());
    rows = new StoredRows(node.keyspace());
  }

  @AfterAll
  static void stop() {
    rows.close();
    node.close();
  }

  private static String adminUrl() {
    return "http://127.0.0.1:" + node.node().adminPort().orElseThrow();
  }

  private static ApiClient.Response post(String path) {
    return admin.send("POST", path, TOKEN, null, null, Map.of());
  }

  private static JsonNode instances(String projection) {
    var listed = admin.get("/admin/projections/" + projection, TOKEN);
    assertEquals(200, listed.status(), () -> listed.raw().body());
    return listed.json().get("projections").get(0).get("instances");
  }

  private static JsonNode instance(String projection, String instance) {
    for (JsonNode candidate : instances(projection)) {
      if (candidate.get("instance").asText().equals(instance)) {
        return candidate;
      }
    }
    throw new AssertionError("no instance " + instance + " of " + projection);
  }

  private static List<String> states(String projection) {
    var states = new ArrayList<String>();
    instances(projection).forEach(i -> states.add(i.get("state").asText()));
    return states;
  }

  private static Profile profile(long userId) {
    return new Profile(userId, "h" + userId, "Later", "", "", Instant.now());
  }

  private static boolean storedUser(long userId) {
    return !rows.query("SELECT user_id FROM ${keyspace}.users WHERE user_id = ?", userId).isEmpty();
  }

  @Test
  void aPoisonEventIsRetriedThenStopsItsInstanceUntilSkipped() {
    long poisonId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    String tag =
        Tags.forEntity(User.AGGREGATE, Long.toString(poisonId), Tags.DEFAULT_PER_AGGREGATE);
    long laterId = poisonId + 1;
    while (!Tags.forEntity(User.AGGREGATE, Long.toString(laterId), Tags.DEFAULT_PER_AGGREGATE)
        .equals(tag)) {
      laterId++;
    }
    var system = node.node().system();
    // an activation without a profile: the accounts handler cannot apply it, however often
    JournalWriter.write(
        system,
        PersistenceId.of(User.ENTITY_KEY.name(), Long.toString(poisonId)),
        tag,
        List.of(new User.Activated(null)));

    JsonNode stopped =
        Eventually.within(
            STOP_BOUND,
            () -> instance("users", tag),
            i -> i.get("state").asText().equals("stopped"));
    JsonNode event = stopped.get("stopped_on");
    assertEquals("User|" + poisonId, event.get("persistence_id").asText());
    assertEquals(1, event.get("sequence_nr").asLong());
    assertEquals(3, event.get("attempts").asInt(), "the first try and two retries");
    assertTrue(event.get("error").asText().contains("NullPointerException"), event::toString);
    assertTrue(event.get("event_type").asText().endsWith("User$Activated"));
    for (JsonNode other : instances("users")) {
      if (!other.get("instance").asText().equals(tag)) {
        assertEquals("running", other.get("state").asText(), other::toString);
      }
    }
    Eventually.within(
        Eventually.BOUND,
        () -> node.client().get("/metrics", null).raw().body(),
        metrics ->
            metrics.contains(
                "starling_projection_failed{instance=\"" + tag + "\",projection=\"users\"} 1.0"));

    long later = laterId;
    JournalWriter.write(
        system,
        PersistenceId.of(User.ENTITY_KEY.name(), Long.toString(later)),
        tag,
        List.of(new User.Activated(profile(later))));
    Eventually.within(
        Eventually.BOUND,
        () -> instance("users", tag),
        i ->
            i.get("lag_events").asLong() == 1
                && i.get("lag_at_least").asBoolean()
                && i.get("state").asText().equals("stopped"));
    assertFalse(storedUser(later), "a stopped instance applies nothing after the poison event");

    // resumed without a fix, the instance tries the event again and stops on it again
    String firstStop = event.get("failed_at").asText();
    assertEquals(200, post("/admin/projections/users/resume?instance=" + tag).status());
    Eventually.within(
        STOP_BOUND,
        () -> instance("users", tag),
        i ->
            i.get("state").asText().equals("stopped")
                && !i.get("stopped_on").get("failed_at").asText().equals(firstStop));
    assertFalse(storedUser(later));

    var skipped = post("/admin/projections/users/skip?instance=" + tag);
    assertEquals(200, skipped.status(), () -> skipped.raw().body());
    assertEquals("User|" + poisonId, skipped.json().get("skipped").get("persistence_id").asText());

    Eventually.within(Eventually.BOUND, () -> storedUser(later), found -> found);
    JsonNode running =
        Eventually.within(
            Eventually.BOUND,
            () -> instance("users", tag),
            i -> i.get("state").asText().equals("running") && i.get("lag_events").asLong() == 0);
    assertTrue(running.get("stopped_on").isNull());
    assertEquals(1, running.get("skipped").size());
    assertEquals("User|" + poisonId, running.get("skipped").get(0).get("persistence_id").asText());
    Eventually.within(
        Eventually.BOUND,
        () -> node.client().get("/metrics", null).raw().body(),
        metrics ->
            metrics.contains(
                    "starling_projection_failed{instance=\"" + tag + "\",projection=\"users\"} 0.0")
                && metrics.contains(
                    "starling_projection_skipped_events{instance=\""
                        + tag
                        + "\",projection=\"users\"} 1.0"));

    var again = post("/admin/projections/users/skip?instance=" + tag);
    assertEquals(409, again.status(), () -> again.raw().body());
  }

  @Test
  void pauseAndResumeEveryInstanceOfAProjection() {
    var paused = post("/admin/projections/social-graph/pause");
    assertEquals(200, paused.status(), () -> paused.raw().body());
    assertEquals(Tags.DEFAULT_PER_AGGREGATE, paused.json().get("done").size());
    assertEquals(List.of("paused", "paused", "paused", "paused"), states("social-graph"));

    var resumed = post("/admin/projections/social-graph/resume?instance=relationship-1");
    assertEquals(200, resumed.status(), () -> resumed.raw().body());
    assertEquals(List.of("paused", "running", "paused", "paused"), states("social-graph"));

    assertEquals(200, post("/admin/projections/social-graph/resume").status());
    assertEquals(List.of("running", "running", "running", "running"), states("social-graph"));
  }

  @Test
  void resetSetsTheOffsetOrClearsIt() {
    Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    var reset = post("/admin/projections/engagement/reset?instance=engagement-2&to=" + from);
    assertEquals(200, reset.status(), () -> reset.raw().body());
    JsonNode moved = instance("engagement", "engagement-2");
    assertEquals(
        Uuids.endOf(from.toEpochMilli() - 1).toString(),
        moved.get("offset").asText(),
        moved::toString);
    assertEquals("running", moved.get("state").asText());

    assertEquals(200, post("/admin/projections/engagement/reset?instance=engagement-2").status());
    assertTrue(instance("engagement", "engagement-2").get("offset").isNull());
  }

  @Test
  void badRequestsAreProblemsNamingWhatIsWrong() {
    var anonymous = admin.get("/admin/projections", null);
    assertEquals(401, anonymous.status());
    assertEquals("application/problem+json", anonymous.contentType());
    assertNotNull(anonymous.header("WWW-Authenticate"));
    assertEquals(401, admin.get("/admin/projections", "not-the-token").status());

    assertProblem(404, "no projection named 'nope'", admin.get("/admin/projections/nope", TOKEN));
    assertProblem(
        404, "no instance 'user-9'", post("/admin/projections/users/pause?instance=user-9"));
    assertProblem(400, "to must be", post("/admin/projections/users/reset?to=yesterday"));
    assertProblem(400, "instance is required", post("/admin/projections/users/skip"));
    assertProblem(400, "format must be", admin.get("/admin/projections?format=xml", TOKEN));
    assertProblem(400, "tweet id must be", admin.get("/admin/audit/tweet/abc", TOKEN));
    assertProblem(404, "no event of tweet 42", admin.get("/admin/audit/tweet/42", TOKEN));
    assertProblem(404, "@nobody_here", admin.get("/admin/audit/user/@nobody_here", TOKEN));
  }

  /** A problem+json answer with {@code status} whose detail contains {@code detail}. */
  static void assertProblem(int status, String detail, ApiClient.Response response) {
    assertEquals(status, response.status(), () -> response.raw().body());
    assertEquals("application/problem+json", response.contentType());
    assertTrue(
        response.json().get("detail").asText().contains(detail), () -> response.raw().body());
  }

  @Test
  void auditShowsTheJournalWithSecretsMasked() {
    var api = node.client();
    var amy = api.register("audit_amy");
    String tweetId = api.tweetId(amy, "audited words");

    var byHandle = admin.get("/admin/audit/user/@Audit_Amy", TOKEN);
    assertEquals(200, byHandle.status(), () -> byHandle.raw().body());
    assertFalse(byHandle.raw().body().contains("$argon2"), byHandle.raw()::body);
    JsonNode user = byHandle.json().get("entities").get(0);
    assertEquals("User|" + amy.id(), user.get("persistence_id").asText());
    JsonNode registered = user.get("events").get(0);
    assertEquals(1, registered.get("sequence_nr").asLong());
    assertTrue(registered.get("type").asText().endsWith("User$Registered"));
    assertEquals("***", registered.get("fields").get("passwordHash").asText());
    assertEquals("audit_amy", registered.get("fields").get("profile").get("handle").asText());
    assertTrue(user.get("events").get(1).get("type").asText().endsWith("User$Activated"));
    JsonNode claim = byHandle.json().get("entities").get(1);
    assertEquals("Handle|audit_amy", claim.get("persistence_id").asText());
    assertEquals(amy.id(), claim.get("events").get(0).get("fields").get("ownerId").asText());

    assertEquals(
        byHandle.json(), admin.get("/admin/audit/user/" + amy.id(), TOKEN).json(), "by id");

    var tweet = admin.get("/admin/audit/tweet/" + tweetId, TOKEN);
    assertEquals(200, tweet.status(), () -> tweet.raw().body());
    JsonNode posted = tweet.json().get("entities").get(0).get("events").get(0);
    assertTrue(posted.get("type").asText().endsWith("Tweet$Posted"));
    assertEquals("audited words", posted.get("fields").get("tweet").get("text").asText());
  }

  @Test
  void shardsCountEntitiesPerTypeAndNode() {
    node.client().register("shard_sid");
    var listed = admin.get("/admin/shards", TOKEN);
    assertEquals(200, listed.status(), () -> listed.raw().body());
    Map<String, JsonNode> types = new java.util.HashMap<>();
    listed.json().get("types").forEach(t -> types.put(t.get("name").asText(), t));
    JsonNode users = types.get(User.ENTITY_KEY.name());
    assertNotNull(users, listed.raw()::body);
    assertTrue(users.get("entities").asLong() >= 1, users::toString);
    assertEquals(1, users.get("nodes").size(), "one node");
    assertTrue(users.get("rebalance").get("balanced").asBoolean(), users::toString);
    assertEquals(0, users.get("rebalance").get("shards_to_move").asInt(), users::toString);
    assertEquals(
        Tags.DEFAULT_PER_AGGREGATE,
        types.get("sharded-daemon-process-users").get("entities").asLong(),
        "one entity per projection instance");
  }

  @Test
  void theCliListsProjectionsAndAuditsThroughTheAdminInterface() throws IOException {
    var api = node.client();
    var cat = api.register("cli_cat");
    String tweetId = api.tweetId(cat, "seen by the cli");

    var json = cli(adminUrl(), "projections", "--json");
    assertEquals(0, json.exit(), json::toString);
    List<String> names = new ArrayList<>();
    MAPPER.readTree(json.out()).get("projections").forEach(p -> names.add(p.get("name").asText()));
    assertTrue(
        names.containsAll(List.of("users", "social-graph", "timelines", "engagement")),
        names::toString);

    var table = cli(adminUrl(), "projections");
    assertEquals(0, table.exit(), table::toString);
    assertTrue(table.out().startsWith("PROJECTION"), table::toString);
    assertTrue(
        table.out().lines().anyMatch(line -> line.matches("users +user-0 +running .*")),
        table::toString);

    var user = cli(adminUrl(), "audit", "user", "@cli_cat");
    assertEquals(0, user.exit(), user::toString);
    assertTrue(user.out().contains("User.Registered"), user::toString);
    assertTrue(user.out().contains("Handle|cli_cat"), user::toString);
    assertFalse(user.out().contains("$argon2"), user::toString);

    var tweet = cli(adminUrl(), "audit", "tweet", tweetId, "--json");
    assertEquals(0, tweet.exit(), tweet::toString);
    assertEquals(
        "seen by the cli",
        MAPPER.readTree(tweet.out()).at("/entities/0/events/0/fields/tweet/text").asText());

    var shards = cli(adminUrl(), "shards");
    assertEquals(0, shards.exit(), shards::toString);
    assertTrue(shards.out().startsWith("ENTITY TYPE"), shards::toString);
    assertTrue(
        shards.out().lines().findFirst().orElseThrow().endsWith("REBALANCE"), shards::toString);
    assertTrue(shards.out().contains("balanced"), shards::toString);
    assertTrue(shards.out().contains("sharded-daemon-process-users"), shards::toString);

    var notStopped = cli(adminUrl(), "projections", "skip", "users", "user-0");
    assertEquals(1, notStopped.exit(), notStopped::toString);
    assertTrue(notStopped.err().contains("Error 409"), notStopped::toString);

    var down = cli("http://127.0.0.1:1", "projections");
    assertEquals(3, down.exit(), down::toString);
    assertTrue(down.err().contains("No Starling admin interface answers"), down::toString);
  }

  private static OpsCli.Run cli(String url, String... args) {
    return OpsCli.run(url, TOKEN, args);
  }
}
