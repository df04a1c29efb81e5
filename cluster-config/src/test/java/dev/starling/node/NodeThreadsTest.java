package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node serves requests on its dispatchers' threads: it does not start threads per request.
 *
 * <p>The trap this guards against: the stages Pekko's Java API returns run whatever is chained on
 * them with {@code CompletableFuture}'s default executor, which starts a new thread per callback
 * when the common fork-join pool has a parallelism of 1 — on any two-core machine, and in every
 * test JVM of this build, whose surefire configuration sets that parallelism so the trap shows here
 * on any machine. {@code dev.starling.common.Stages.plain} is the way around it.
 */
@ExtendWith(RealServersExtension.class)
class NodeThreadsTest {
  private static final int ROUNDS = 40;

  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(NodeThreadsTest.class, NodeFixture.EVENT_STREAM);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void writesAndPagesAreServedWithoutStartingAThreadPerRequest() {
    assertEquals(
        1,
        ForkJoinPool.getCommonPoolParallelism(),
        "the test JVM runs with the common pool of a two-core machine (see the surefire argLine)");
    var author = api.register("author_thr");
    var reader = api.register("reader_thr");
    api.follows(reader, author);
    // warm: the entities, caches and dispatcher threads a steady node already has
    serve(author, reader, 10);

    var threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    int requests = serve(author, reader, ROUNDS);
    long started = threads.getTotalStartedThreadCount() - before;

    // with a thread per callback this is over three per request (664 for 200 requests of a post,
    // a like and three pages); what a node may start on its own meanwhile (a Lucene merge, a
    // pool growing) stays far below
    System.out.println(started + " threads started while serving " + requests + " requests");
    assertTrue(
        started < requests / 4,
        started + " threads started while serving " + requests + " requests");
  }

  /**
   * One round: a post, its like, retweet and their undoing, an unfollow and a follow again, three
   * home-timeline pages and the notifications; answers how many requests that was.
   */
  private static int serve(ApiClient.Account author, ApiClient.Account reader, int rounds) {
    int requests = 0;
    for (int i = 0; i < rounds; i++) {
      String tweet = api.tweetId(author, "round " + i + " #threads");
      for (var write :
          new String[][] {
            {"POST", "/like", "200"},
            {"POST", "/retweet", "201"},
            {"DELETE", "/retweet", "204"},
            {"DELETE", "/like", "200"}
          }) {
        var done =
            api.send(
                write[0],
                "/api/v1/tweets/" + tweet + write[1],
                reader.token(),
                null,
                null,
                Map.of());
        assertEquals(Integer.parseInt(write[2]), done.status(), () -> write[0] + " " + write[1]);
      }
      api.unfollows(reader, author);
      api.follows(reader, author);
      requests += 7;
      for (int page = 0; page < 3; page++) {
        var home = api.get("/api/v1/home_timeline?limit=20", reader.token());
        assertEquals(200, home.status(), () -> home.raw().body());
        requests++;
      }
      var notifications = api.get("/api/v1/notifications", author.token());
      assertEquals(200, notifications.status(), () -> notifications.raw().body());
      requests++;
    }
    return requests;
  }
}
