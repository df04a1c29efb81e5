package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trends end to end: posts through the API, published to Kafka, counted by the node's trends
 * consumer, answered by {@code GET /api/v1/trends} — and still there after a restart. The window is
 * short (60 s) so the test's tweets stay in it while the node restarts.
 */
@ExtendWith(RealServersExtension.class)
class TrendsTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            TrendsTest.class,
            NodeFixture.withEventStream(
                Map.of(
                    "starling.trends.window", "60s",
                    "starling.trends.buckets", 12,
                    "starling.trends.baseline-windows", 1,
                    "starling.trends.min-accounts", 3)));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ApiClient.Account register(String handle, String location) {
    var body = new HashMap<String, Object>();
    body.put("handle", handle);
    body.put("password", "password-" + handle);
    if (location != null) {
      body.put("location", location);
    }
    var created = api.postJson("/api/v1/accounts", null, body);
    assertEquals(201, created.status(), () -> created.raw().body());
    var token = api.token(handle, "password-" + handle);
    assertEquals(200, token.status(), () -> token.raw().body());
    return new ApiClient.Account(
        created.json().get("id").asText(),
        handle,
        token.json().get("access_token").asText(),
        token.json().get("refresh_token").asText());
  }

  private static String post(ApiClient.Account author, String text, String place) {
    var body = new HashMap<String, Object>();
    body.put("text", text);
    if (place != null) {
      body.put("place", place);
    }
    var posted = api.postJson("/api/v1/tweets", author.token(), body);
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  /** {@code "#tag=tweet_count"} of each trend, in order. */
  private static List<String> trends(ApiClient.Account reader, String location) {
    var answer = api.get("/api/v1/trends?location=" + location, reader.token());
    assertEquals(200, answer.status(), () -> answer.raw().body());
    var names = new ArrayList<String>();
    for (JsonNode trend : answer.json().get("trends")) {
      names.add(trend.get("name").asText() + "=" + trend.get("tweet_count").asInt());
    }
    return names;
  }

  private static List<String> eventually(
      ApiClient.Account reader, String location, List<String> expected) {
    return Eventually.within(
        Eventually.BOUND, () -> trends(reader, location), trends -> trends.equals(expected));
  }

  @Test
  void tagsTrendWhereTheirAccountsAreAndSurviveARestart() {
    // #launch: two accounts located in the US posting without a place, two with place US, one
    // located in Germany
    var us1 = register("us_one", "US");
    var us2 = register("us_two", "us");
    var placed1 = register("placed_one", null);
    var placed2 = register("placed_two", "DE");
    var german = register("german", "DE");
    post(us1, "we have #launch", null);
    post(us2, "#Launch day", null);
    post(placed1, "watching the #launch", "US");
    post(placed2, "#launch from the stands", "us");
    post(german, "#launch aus der Ferne", null);
    // one account posting a tag many times
    var spammer = register("spammer", "US");
    for (int i = 0; i < 6; i++) {
      post(spammer, "buy now #deals " + i, null);
    }

    eventually(us1, "US", List.of("#launch=4"));
    eventually(us1, "global", List.of("#launch=5"));
    assertEquals(List.of(), trends(us1, "DE"), "one account in Germany is below the minimum");

    // a tag that trends until one of its three tweets is deleted
    var voters = List.of(register("voter_a", "US"), register("voter_b", "US"));
    post(voters.get(0), "#vote early", null);
    post(voters.get(1), "#vote today", null);
    String third = post(us1, "#vote!", null);
    eventually(us1, "US", List.of("#launch=4", "#vote=3"));
    assertEquals(204, api.delete("/api/v1/tweets/" + third, us1.token()).status());
    eventually(us1, "US", List.of("#launch=4"));
    assertEquals(List.of("#launch=5"), trends(us1, "global"), "#deals: one account, never");

    node.restart();
    api = node.client();

    eventually(us1, "US", List.of("#launch=4"));
    eventually(us1, "global", List.of("#launch=5"));
  }

  @Test
  void locationIsNormalisedAndDefaultsToGlobal() {
    var reader = register("reader", null);

    var us = api.get("/api/v1/trends?location=us&limit=5", reader.token());
    assertEquals(200, us.status(), () -> us.raw().body());
    assertEquals("US", us.json().get("location").asText());
    assertTrue(us.json().get("as_of").asText().matches("\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}\\.\\d{3}Z"));
    assertTrue(us.json().get("trends").isArray());

    var global = api.get("/api/v1/trends", reader.token());
    assertEquals(200, global.status());
    assertEquals("global", global.json().get("location").asText());
  }

  @Test
  void badLocationOrLimitIsABadRequestNamingIt() {
    var reader = register("picky", null);
    for (String query : List.of("location=XX", "location=USA", "location=", "location=Europe")) {
      var answer = api.get("/api/v1/trends?" + query, reader.token());
      assertEquals(400, answer.status(), query);
      assertEquals("application/problem+json", answer.contentType());
      assertTrue(answer.json().get("detail").asText().contains("location"), query);
    }
    for (String query : List.of("limit=0", "limit=101", "limit=ten", "location=US&limit=-1")) {
      var answer = api.get("/api/v1/trends?" + query, reader.token());
      assertEquals(400, answer.status(), query);
      assertTrue(answer.json().get("detail").asText().contains("limit"), query);
    }
    assertEquals(401, api.get("/api/v1/trends", null).status());
  }
}
