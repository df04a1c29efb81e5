package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServersExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who sees a tweet, on every path, end to end: one table of (relationship between a reader and a
 * tweet's author) × (path the reader reaches the tweet by), one cell per test. Each cell builds its
 * own small world: the author, the reader, and a third user the reader follows who retweets the
 * tweet when it is public (so the home timeline is reached through a retweet even where the reader
 * does not follow the author). The tweet mentions the reader, so the notifications path is the
 * reader's mention of it.
 */
@ExtendWith(RealServersExtension.class)
class VisibilityMatrixTest {
  /** How the reader stands to the tweet's author when the reader looks. */
  enum Relation {
    /** A public tweet; the reader does not follow the author. */
    PUBLIC_STRANGER("public", false),
    /** A followers-only tweet; the reader follows the author. */
    FOLLOWER_FOLLOWERS_ONLY("followers", true),
    /** A followers-only tweet; the reader does not follow the author. */
    STRANGER_FOLLOWERS_ONLY("followers", false),
    /** A followers-only tweet posted while the reader followed; then the reader unfollowed. */
    UNFOLLOWED_FOLLOWERS_ONLY("followers", true),
    /** A public tweet; the reader followed the author, then the author blocked the reader. */
    BLOCKED_BY_AUTHOR("public", true),
    /** A public tweet; the reader followed the author, then blocked them. */
    BLOCKING_AUTHOR("public", true),
    /** A public tweet; the reader follows the author and mutes them. */
    MUTING_AUTHOR("public", true);

    final String visibility;
    final boolean followsBeforePost;

    Relation(String visibility, boolean followsBeforePost) {
      this.visibility = visibility;
      this.followsBeforePost = followsBeforePost;
    }
  }

  /** How the reader reaches the tweet. */
  enum Path {
    TWEET_BY_ID,
    USER_TIMELINE,
    HOME_TIMELINE,
    SEARCH,
    NOTIFICATIONS,
    REPLY,
    QUOTE,
    LIKE,
    RETWEET
  }

  /**
   * What the reader gets: {@code shown} (read paths list it; write paths succeed), {@code hidden}
   * (read paths leave it out, a lookup or a write is 404 as if it did not exist), {@code 403} (a
   * write the reader may see but not do).
   */
  enum Seen {
    SHOWN,
    HIDDEN,
    FORBIDDEN
  }

  private static final String TABLE =
      """
      relation                 tweet  user   home   search notif  reply  quote  like   retweet
      PUBLIC_STRANGER          shown  shown  shown  shown  shown  shown  shown  shown  shown
      FOLLOWER_FOLLOWERS_ONLY  shown  shown  shown  shown  shown  shown  shown  shown  403
      STRANGER_FOLLOWERS_ONLY  hidden hidden hidden hidden hidden hidden hidden hidden hidden
      UNFOLLOWED_FOLLOWERS_ONLY hidden hidden hidden hidden hidden hidden hidden hidden hidden
      BLOCKED_BY_AUTHOR        hidden hidden hidden hidden hidden hidden hidden hidden hidden
      BLOCKING_AUTHOR          hidden hidden hidden hidden hidden hidden hidden hidden hidden
      MUTING_AUTHOR            shown  shown  hidden shown  hidden shown  shown  shown  shown
      """;

  private static final Map<Relation, List<Seen>> EXPECTED = parse(TABLE);

  private static Map<Relation, List<Seen>> parse(String table) {
    var rows = new EnumMap<Relation, List<Seen>>(Relation.class);
    table
        .lines()
        .skip(1)
        .map(line -> line.trim().split("\\s+"))
        .forEach(
            cells ->
                rows.put(
                    Relation.valueOf(cells[0]),
                    Arrays.stream(cells, 1, cells.length)
                        .map(
                            cell ->
                                switch (cell) {
                                  case "shown" -> Seen.SHOWN;
                                  case "hidden" -> Seen.HIDDEN;
                                  case "403" -> Seen.FORBIDDEN;
                                  default -> throw new IllegalArgumentException(cell);
                                })
                        .toList()));
    return rows;
  }

  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(VisibilityMatrixTest.class, NodeFixture.withEventStream(NodeFixture.ADMIN));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theTableHasOneCellForEveryRelationAndPath() {
    assertEquals(Arrays.asList(Relation.values()), List.copyOf(EXPECTED.keySet()));
    EXPECTED.forEach(
        (relation, row) -> assertEquals(Path.values().length, row.size(), relation::name));
  }

  static Stream<Arguments> cells() {
    return Arrays.stream(Relation.values())
        .flatMap(
            relation ->
                Arrays.stream(Path.values())
                    .map(
                        path ->
                            Arguments.of(
                                relation, path, EXPECTED.get(relation).get(path.ordinal()))));
  }

  /** One cell's users and tweet. */
  private record World(
      ApiClient.Account author,
      ApiClient.Account reader,
      ApiClient.Account retweeter,
      String tweetId,
      String word) {}

  private static final Map<Relation, World> WORLDS = new EnumMap<>(Relation.class);

  /**
   * The relation's world, built on first use and shared by its paths. The cells run in the table's
   * order, so every read path of a row looks before the row's writes, and each write compares the
   * counts it could change with their values just before it.
   */
  private static World world(Relation relation) {
    return WORLDS.computeIfAbsent(relation, VisibilityMatrixTest::newWorld);
  }

  private static World newWorld(Relation relation) {
    String prefix = "vm" + relation.ordinal();
    var author = api.register(prefix + "a");
    var reader = api.register(prefix + "r");
    var retweeter = api.register(prefix + "m");
    api.follows(reader, retweeter);
    if (relation.followsBeforePost) {
      api.follows(reader, author);
    }
    // letters only: one token for the search analyzer, and unique to this cell
    String word = "quokka" + (char) ('a' + relation.ordinal());
    var posted =
        api.postJson(
            "/api/v1/tweets",
            author.token(),
            Map.of("text", "@" + reader.handle() + " " + word, "visibility", relation.visibility));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    assertEquals(relation.visibility, posted.json().get("visibility").asText());
    String tweetId = posted.json().get("id").asText();
    if (relation.visibility.equals("public")) {
      var retweeted = post("/api/v1/tweets/" + tweetId + "/retweet", retweeter);
      assertEquals(201, retweeted.status(), () -> retweeted.raw().body());
    }
    switch (relation) {
      case UNFOLLOWED_FOLLOWERS_ONLY -> api.unfollows(reader, author);
      case BLOCKED_BY_AUTHOR -> tie(author, reader, "block");
      case BLOCKING_AUTHOR -> tie(reader, author, "block");
      case MUTING_AUTHOR -> tie(reader, author, "mute");
      default -> {}
    }
    return new World(author, reader, retweeter, tweetId, word);
  }

  private static void tie(ApiClient.Account actor, ApiClient.Account target, String tie) {
    var tied = post("/api/v1/users/" + target.id() + "/" + tie, actor);
    assertEquals(200, tied.status(), () -> tie + ": " + tied.raw().body());
  }

  @ParameterizedTest(name = "{0} × {1} → {2}")
  @MethodSource("cells")
  void aReaderSeesATweetExactlyWhereTheTableSays(Relation relation, Path path, Seen expected) {
    var world = world(relation);
    switch (path) {
      case TWEET_BY_ID -> assertLookup(world, expected);
      case USER_TIMELINE ->
          assertListed(
              world,
              expected,
              () -> items("/api/v1/users/" + world.author().id() + "/tweets", world.reader()));
      case HOME_TIMELINE -> {
        node.awaitProjectionsCaughtUp("");
        assertListed(world, expected, () -> items("/api/v1/home_timeline", world.reader()));
      }
      case SEARCH -> {
        // the positive marker: the index holds the tweet (its author always finds it)
        Eventually.within(
            Eventually.BOUND,
            () -> ids(search(world.author(), world.word())),
            ids -> ids.contains(world.tweetId()));
        assertListed(world, expected, () -> search(world.reader(), world.word()));
      }
      case NOTIFICATIONS -> {
        node.awaitProjectionsCaughtUp("");
        assertNotified(world, expected);
      }
      case REPLY -> assertWrite(world, expected, () -> tweetAbout(world, "reply_to_id"));
      case QUOTE -> assertWrite(world, expected, () -> tweetAbout(world, "quote_of_id"));
      case LIKE ->
          assertWrite(world, expected, () -> post(tweetPath(world, "/like"), world.reader()));
      case RETWEET ->
          assertWrite(world, expected, () -> post(tweetPath(world, "/retweet"), world.reader()));
    }
  }

  /**
   * Pages whose stored entries are all hidden when read: a followee's retweets of a muted author
   * and of a blocked one are the home timeline's six newest stored entries (a mute or block takes
   * out the author's own entries, not somebody's retweets of them), and a page of three still shows
   * the next visible tweets instead of an empty page with a cursor.
   */
  @Test
  void aHomePageWhoseStoredEntriesAreAllHiddenShowsTheNextVisibleTweets() {
    var reader = api.register("fp_reader");
    var friend = api.register("fp_friend");
    var retweeter = api.register("fp_retweeter");
    var muted = api.register("fp_muted");
    var blocked = api.register("fp_blocked");
    api.follows(reader, friend);
    api.follows(reader, retweeter);
    var visible = new ArrayList<String>();
    for (int i = 0; i < 2; i++) {
      visible.add(0, api.tweetId(friend, "visible " + i));
    }
    for (var author : List.of(blocked, muted)) {
      for (int i = 0; i < 3; i++) {
        String original = api.tweetId(author, "retweeted " + i);
        var retweeted = post("/api/v1/tweets/" + original + "/retweet", retweeter);
        assertEquals(201, retweeted.status(), () -> retweeted.raw().body());
      }
    }
    tie(reader, muted, "mute");
    tie(reader, blocked, "block");
    node.awaitProjectionsCaughtUp("");

    assertPagesShow(reader, "/api/v1/home_timeline", visible);
  }

  /** A stranger's page of a user's tweets whose newest three are followers-only. */
  @Test
  void aUserTimelinePageWhoseStoredEntriesAreAllHiddenShowsTheNextVisibleTweets() {
    var reader = api.register("fp_stranger");
    var author = api.register("fp_author");
    var visible = new ArrayList<String>();
    for (int i = 0; i < 2; i++) {
      visible.add(0, api.tweetId(author, "public " + i));
    }
    for (int i = 0; i < 3; i++) {
      var posted =
          api.postJson(
              "/api/v1/tweets",
              author.token(),
              Map.of("text", "followers only " + i, "visibility", "followers"));
      assertEquals(201, posted.status(), () -> posted.raw().body());
    }

    assertPagesShow(reader, "/api/v1/users/" + author.id() + "/tweets", visible);
  }

  /**
   * Pages of three: the first shows every visible tweet, and following cursors (each one new) shows
   * nothing more.
   */
  private static void assertPagesShow(
      ApiClient.Account reader, String timeline, List<String> visible) {
    var pages = api.pages(timeline + "?limit=3", reader, Integer.MAX_VALUE, () -> {});
    var first = pages.get(0);
    assertEquals(visible, ids(jsonItems(first)), () -> "first page: " + first.raw().body());
    var seen = new ArrayList<String>();
    pages.forEach(page -> seen.addAll(ids(jsonItems(page))));
    assertEquals(visible, seen);
  }

  private static List<JsonNode> jsonItems(ApiClient.Response page) {
    var items = new ArrayList<JsonNode>();
    page.json().get("items").forEach(items::add);
    return items;
  }

  private static void assertLookup(World world, Seen expected) {
    var looked = api.get("/api/v1/tweets/" + world.tweetId(), world.reader().token());
    if (expected == Seen.SHOWN) {
      assertEquals(200, looked.status(), () -> looked.raw().body());
      assertEquals(world.tweetId(), looked.json().get("id").asText());
    } else {
      assertProblem(404, looked);
    }
  }

  /**
   * Waits until the listing shows the tweet (itself or as a retweet's original) exactly as {@code
   * expected} says. For a hidden cell the caller has first seen the tweet reach the read model, so
   * the wait cannot end before the tweet could have shown.
   */
  private static void assertListed(
      World world, Seen expected, java.util.function.Supplier<List<JsonNode>> listing) {
    Predicate<JsonNode> isTheTweet =
        item ->
            item.get("id").asText().equals(world.tweetId())
                || (item.hasNonNull("retweet_of")
                    && item.get("retweet_of").get("id").asText().equals(world.tweetId()));
    boolean shown = expected == Seen.SHOWN;
    Eventually.within(
        Eventually.BOUND,
        () ->
            listing.get().stream().filter(isTheTweet).map(item -> item.get("id").asText()).toList(),
        found -> found.isEmpty() != shown);
  }

  private static void assertNotified(World world, Seen expected) {
    boolean shown = expected == Seen.SHOWN;
    Eventually.within(
        Eventually.BOUND,
        () ->
            items("/api/v1/notifications", world.reader()).stream()
                .filter(item -> item.get("actor").get("id").asText().equals(world.author().id()))
                .map(item -> item.get("type").asText() + " " + item.get("tweet_id").asText())
                .toList(),
        found -> shown ? found.equals(List.of("mention " + world.tweetId())) : found.isEmpty());
  }

  /** A write succeeds, or is refused with nothing stored: no tweet by the reader, no like. */
  private static void assertWrite(
      World world, Seen expected, java.util.function.Supplier<ApiClient.Response> write) {
    long tweetsBefore = tweetCount(world.reader());
    long likesBefore = likeCount(world);
    var answer = write.get();
    switch (expected) {
      case SHOWN ->
          assertTrue(answer.status() == 200 || answer.status() == 201, () -> answer.raw().body());
      case HIDDEN -> assertProblem(404, answer);
      case FORBIDDEN -> assertProblem(403, answer);
    }
    if (expected != Seen.SHOWN) {
      assertEquals(tweetsBefore, tweetCount(world.reader()));
      assertEquals(likesBefore, likeCount(world));
    }
  }

  private static long tweetCount(ApiClient.Account user) {
    var me = api.get("/api/v1/users/me", user.token());
    assertEquals(200, me.status(), () -> me.raw().body());
    return me.json().get("tweet_count").asLong();
  }

  private static long likeCount(World world) {
    var tweet = api.get("/api/v1/tweets/" + world.tweetId(), world.author().token());
    assertEquals(200, tweet.status(), () -> tweet.raw().body());
    return tweet.json().get("like_count").asLong();
  }

  /** The reader's reply to or quote of the world's tweet ({@code field} says which). */
  private static ApiClient.Response tweetAbout(World world, String field) {
    return api.postJson(
        "/api/v1/tweets", world.reader().token(), Map.of("text", field, field, world.tweetId()));
  }

  private static String tweetPath(World world, String action) {
    return "/api/v1/tweets/" + world.tweetId() + action;
  }

  private static ApiClient.Response post(String path, ApiClient.Account caller) {
    return api.send("POST", path, caller.token(), null, null, Map.of());
  }

  private static void assertProblem(int status, ApiClient.Response response) {
    assertEquals(status, response.status(), () -> response.raw().body());
    assertEquals("application/problem+json", response.contentType());
  }

  private static List<JsonNode> items(String path, ApiClient.Account reader) {
    var page = api.get(path, reader.token());
    assertEquals(200, page.status(), () -> path + ": " + page.raw().body());
    return jsonItems(page);
  }

  private static List<JsonNode> search(ApiClient.Account reader, String word) {
    return items("/api/v1/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8), reader);
  }

  private static List<String> ids(List<JsonNode> items) {
    return items.stream().map(item -> item.get("id").asText()).toList();
  }
}
