package dev.starling.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.bench.http.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TimelineBenchOptionsTest {

  @Test
  void defaultsStartAStackOfItsOwnAtTheIssuesLoad() {
    TimelineBenchOptions options = TimelineBenchOptions.parse(List.of());

    assertTrue(options.stack().own());
    assertEquals("1g", options.stack().nodeHeap());
    assertEquals(Duration.ofMinutes(5), options.stack().startTimeout());
    assertEquals(Map.of(), options.stack().nodeEnv());
    assertEquals(10_000, options.graph().users());
    assertEquals(8.0, options.graph().meanFollowing());
    assertEquals(42, options.graph().seed());
    assertEquals(3, options.graph().celebrities());
    assertEquals(Optional.empty(), options.graph().celebrityThreshold());
    assertEquals(50.0, options.load().postsPerSecond());
    assertEquals(500.0, options.load().readsPerSecond());
    assertEquals(Duration.ofSeconds(10), options.load().warmup());
    assertEquals(Duration.ofSeconds(60), options.load().duration());
    assertEquals(50, options.load().sampledFollowers());
    assertEquals(4.0, options.load().watchedPostsPerSecond());
    assertEquals(Duration.ofSeconds(20), options.saturation().duration());
    assertEquals(96, options.saturation().inFlight());
    assertFalse(options.report().markdown());
    assertFalse(options.report().profile());
    assertFalse(options.report().profileSaturation());
  }

  @Test
  void takesEveryOptionForAStackOfItsOwn() {
    TimelineBenchOptions options =
        TimelineBenchOptions.parse(
            List.of(
                "--users=1500",
                "--mean-following",
                "12.5",
                "--seed=-7",
                "--celebrity-threshold",
                "400",
                "--posts-per-second=20",
                "--reads-per-second",
                "200",
                "--warmup=5s",
                "--duration",
                "2m",
                "--sampled-followers=0",
                "--watched-posts-per-second",
                "0.5",
                "--saturation-duration=10s",
                "--in-flight",
                "64",
                "--node-heap=2g",
                "--start-timeout",
                "90s",
                "--node-env",
                " STARLING_READER_CACHE_TTL=5s  STARLING_ROLES=write,projection,api",
                "--markdown",
                "--profile",
                "--profile-saturation"));

    assertEquals(1_500, options.graph().users());
    assertEquals(12.5, options.graph().meanFollowing());
    assertEquals(-7, options.graph().seed());
    assertEquals(Optional.of(400), options.graph().celebrityThreshold());
    assertEquals(20.0, options.load().postsPerSecond());
    assertEquals(200.0, options.load().readsPerSecond());
    assertEquals(Duration.ofSeconds(5), options.load().warmup());
    assertEquals(Duration.ofMinutes(2), options.load().duration());
    assertEquals(0, options.load().sampledFollowers());
    assertEquals(0.5, options.load().watchedPostsPerSecond());
    assertEquals(Duration.ofSeconds(10), options.saturation().duration());
    assertEquals(64, options.saturation().inFlight());
    assertEquals("2g", options.stack().nodeHeap());
    assertEquals(Duration.ofSeconds(90), options.stack().startTimeout());
    assertEquals(
        List.of("STARLING_READER_CACHE_TTL=5s", "STARLING_ROLES=write,projection,api"),
        options.stack().nodeEnv().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .toList());
    assertTrue(options.report().markdown());
    assertTrue(options.report().profile());
    assertTrue(options.report().profileSaturation());
  }

  @Test
  void aRunningNodeComesWithItsCassandraKeyspaceAndPid() {
    TimelineBenchOptions options =
        TimelineBenchOptions.parse(
            List.of(
                "--url",
                "http://127.0.0.1:8180",
                "--cassandra=127.0.0.1:9142",
                "--keyspace",
                "other",
                "--pid=4242"));

    assertFalse(options.stack().own());
    assertEquals(Optional.of(new Endpoint("127.0.0.1", 8180)), options.stack().url());
    assertEquals("127.0.0.1:9142", options.stack().cassandra());
    assertEquals("other", options.stack().keyspace());
    assertEquals(OptionalLong.of(4242), options.stack().pid());
  }

  @Test
  void mistakesNameTheOption() {
    assertMessage("unknown option: --user", "--user", "5");
    assertMessage("--users must be at least 10", "--users", "9");
    assertMessage("--celebrities must be fewer than --users", "--users=10", "--celebrities=10");
    assertMessage(
        "--posts-per-second: expected a number above 0 and at most 100000.0, got 0",
        "--posts-per-second",
        "0");
    assertMessage("--duration must be more than 0", "--duration", "0s");
    assertMessage(
        "--watched-posts-per-second cannot exceed --posts-per-second",
        "--posts-per-second=2",
        "--watched-posts-per-second=3");
    assertMessage("--cassandra needs --url", "--cassandra", "127.0.0.1:9042");
    assertMessage(
        "--celebrity-threshold applies only to a stack of its own, not --url",
        "--url=http://127.0.0.1:8080",
        "--celebrity-threshold=5");
    assertMessage("--seed: expected a whole number, got x", "--seed", "x");
    assertMessage(
        "--node-env: expected STARLING_NAME=value items separated by spaces, got JAVA_HOME=/x",
        "--node-env",
        "STARLING_A=1 JAVA_HOME=/x");
    assertMessage(
        "--node-env: STARLING_A is given twice", "--node-env", "STARLING_A=1 STARLING_A=2");
    assertMessage(
        "--node-env applies only to a stack of its own, not --url",
        "--url=http://127.0.0.1:8080",
        "--node-env=STARLING_A=1");
    assertMessage("--in-flight is given twice", "--in-flight=1", "--in-flight=2");
  }

  private static void assertMessage(String message, String... args) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TimelineBenchOptions.parse(List.of(args)));
    assertEquals(message, e.getMessage());
  }
}
