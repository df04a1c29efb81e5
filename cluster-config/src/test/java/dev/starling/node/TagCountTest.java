package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.common.Tags;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.accounts.UsersProjection;
import dev.starling.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tag count's migration path (docs/operations.md, "Changing the tag count"): once every
 * projection has caught up, the nodes restart with more tags; each projection then runs one
 * instance per tag, new events spread over the new tags too, and their new instances apply them.
 */
@ExtendWith(RealServersExtension.class)
class TagCountTest {
  private static final String TOKEN = "tag-count-test-admin";

  private static NodeFixture node;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            TagCountTest.class,
            Map.of(
                "starling.admin.token",
                TOKEN,
                "starling.admin.port",
                0,
                "starling.projections.status.refresh-interval",
                "200ms"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode users() {
    var admin = new ApiClient("http://127.0.0.1:" + node.node().adminPort().orElseThrow());
    var listed = admin.get("/admin/projections/" + UsersProjection.NAME, TOKEN);
    assertEquals(200, listed.status(), () -> listed.raw().body());
    return listed.json().get("projections").get(0).get("instances");
  }

  private static List<String> instanceNames() {
    var names = new ArrayList<String>();
    users().forEach(i -> names.add(i.get("instance").asText()));
    return names;
  }

  /** Waits until every instance of the users projection has applied every event of its tag. */
  private static void awaitCaughtUp() {
    Eventually.within(
        Eventually.BOUND,
        () -> {
          var lags = new ArrayList<Long>();
          users().forEach(i -> lags.add(i.get("lag_events").asLong()));
          return lags;
        },
        lags -> !lags.isEmpty() && lags.stream().allMatch(lag -> lag == 0));
  }

  @Test
  void raisingTheCountAfterTheProjectionsCaughtUpSpreadsNewEventsOverNewInstancesThatApplyThem() {
    var api = node.client();
    for (int i = 0; i < 3; i++) {
      api.register("tags_before" + i);
    }
    assertEquals(Tags.all(User.AGGREGATE, Tags.DEFAULT_PER_AGGREGATE), instanceNames());
    awaitCaughtUp();

    node.restart(Map.of("starling.write-model.tags-per-aggregate", 8));
    api = node.client();
    assertEquals(Tags.all(User.AGGREGATE, 8), instanceNames());

    // sign up until an account lands on one of the new tags (each does with odds of one half)
    String newTag = null;
    for (int i = 0; newTag == null; i++) {
      var account = api.register("tags_after" + i);
      String tag = Tags.forEntity(User.AGGREGATE, account.id(), 8);
      if (!Tags.all(User.AGGREGATE, Tags.DEFAULT_PER_AGGREGATE).contains(tag)) {
        newTag = tag;
      }
    }
    String created = newTag;
    Eventually.within(
        Eventually.BOUND,
        () -> {
          for (JsonNode instance : users()) {
            if (instance.get("instance").asText().equals(created)) {
              return instance;
            }
          }
          throw new AssertionError("no instance " + created);
        },
        instance -> !instance.get("offset").isNull() && instance.get("lag_events").asLong() == 0);
    awaitCaughtUp();
  }
}
