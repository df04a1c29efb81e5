package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst on one tweet and one user: every like and follow is answered 200 and the counts end
 * exact, because each counted partition has a single writer that batches what arrives at once
 * instead of every request racing in a lightweight transaction.
 */
@ExtendWith(RealServersExtension.class)
class HotSpotBurstTest {
  private static final int FANS = 1000;

  /**
   * Clients with a request in flight at once: a burst as big as the node admits (it answers 503
   * beyond {@code starling.http.overload.max-in-flight}, 128, which OverloadTest covers).
   */
  private static final int CLIENTS = 120;

  private static NodeFixture node;
  private static ApiClient api;
  private static ExecutorService clients;
  private static List<ApiClient.Account> fans;

  @BeforeAll
  static void setUp() throws Exception {
    node = new NodeFixture(HotSpotBurstTest.class);
    api = node.client();
    clients = Executors.newFixedThreadPool(CLIENTS);
    fans = new ArrayList<>();
    for (var signUp :
        all(IntStream.range(0, FANS).boxed().toList(), i -> api.register("fan" + i))) {
      fans.add(signUp.get());
    }
  }

  @AfterAll
  static void tearDown() {
    clients.shutdownNow();
    node.close();
  }

  /** Runs {@code call} for every item at once (as far as the client threads allow). */
  private static <T, R> List<Future<R>> all(List<T> items, Function<T, R> call)
      throws InterruptedException {
    var start = new CountDownLatch(1);
    var futures = new ArrayList<Future<R>>();
    for (T item : items) {
      futures.add(
          clients.submit(
              () -> {
                start.await();
                return call.apply(item);
              }));
    }
    start.countDown();
    return futures;
  }

  private static Map<Integer, Integer> statuses(List<Future<ApiClient.Response>> responses)
      throws Exception {
    var counts = new TreeMap<Integer, Integer>();
    for (var response : responses) {
      counts.merge(response.get().status(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void aThousandUsersLikingOneTweetAndFollowingItsAuthorAtOnceAllGet200AndExactCounts()
      throws Exception {
    var star = api.register("star");
    String tweetId = api.tweetId(star, "like me");

    var likes =
        all(
            fans,
            fan -> api.postJson("/api/v1/tweets/" + tweetId + "/like", fan.token(), Map.of()));
    var follows = all(fans, fan -> api.follow(fan, star));

    assertEquals(Map.of(200, FANS), statuses(likes));
    assertEquals(Map.of(200, FANS), statuses(follows));
    var tweet = api.get("/api/v1/tweets/" + tweetId, star.token());
    assertEquals(FANS, tweet.json().get("like_count").asLong(), () -> tweet.raw().body());
    var user = api.get("/api/v1/users/" + star.id(), star.token());
    assertEquals(FANS, user.json().get("followers_count").asLong(), () -> user.raw().body());

    var likedAgain =
        all(
            fans,
            fan -> api.postJson("/api/v1/tweets/" + tweetId + "/like", fan.token(), Map.of()));
    assertEquals(Map.of(200, FANS), statuses(likedAgain));
    for (var response : likedAgain) {
      assertEquals(FANS, response.get().json().get("like_count").asLong());
    }
    var fan = fans.get(FANS / 2);
    var seenByFan = api.get("/api/v1/tweets/" + tweetId, fan.token());
    assertEquals(true, seenByFan.json().get("liked").asBoolean(), () -> seenByFan.raw().body());
    var fanProfile = api.get("/api/v1/users/" + fan.id(), fan.token());
    assertEquals(1, fanProfile.json().get("following_count").asLong());
  }
}
