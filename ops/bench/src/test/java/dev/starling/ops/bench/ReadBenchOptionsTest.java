package dev.starling.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.bench.http.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReadBenchOptionsTest {

  @Test
  void defaultsMeasureTheLocalNodeAtFourLevels() {
    ReadBenchOptions options = ReadBenchOptions.parse(List.of());

    assertEquals(new Endpoint("127.0.0.1", 8080), options.endpoint());
    assertEquals(List.of(4, 16, 64, 256), options.connections());
    assertEquals(Duration.ofSeconds(15), options.duration());
    assertEquals(Duration.ofSeconds(3), options.warmup());
    assertEquals(8, options.authors());
    assertEquals(60, options.tweetsPerAuthor());
    assertEquals(16, options.readers());
    assertEquals("/health/alive", options.baselinePath());
    assertFalse(options.markdown());
    assertFalse(options.profile());
    assertEquals(OptionalLong.empty(), options.pid());
  }

  @Test
  void takesValuesAfterASpaceOrAnEqualsSign() {
    ReadBenchOptions options =
        ReadBenchOptions.parse(
            List.of(
                "--url=http://127.0.0.1:8180",
                "--connections",
                "2,8",
                "--duration=500ms",
                "--warmup",
                "1m",
                "--authors=3",
                "--tweets-per-author",
                "12",
                "--readers=5",
                "--baseline-path",
                "/no-such-route",
                "--markdown",
                "--profile",
                "--pid=4242"));

    assertEquals(new Endpoint("127.0.0.1", 8180), options.endpoint());
    assertEquals(List.of(2, 8), options.connections());
    assertEquals(Duration.ofMillis(500), options.duration());
    assertEquals(Duration.ofMinutes(1), options.warmup());
    assertEquals(3, options.authors());
    assertEquals(12, options.tweetsPerAuthor());
    assertEquals(5, options.readers());
    assertEquals("/no-such-route", options.baselinePath());
    assertTrue(options.markdown());
    assertTrue(options.profile());
    assertEquals(OptionalLong.of(4242), options.pid());
  }

  @Test
  void aBareNumberIsSecondsAndZeroWarmupIsAllowed() {
    ReadBenchOptions options = ReadBenchOptions.parse(List.of("--duration", "7", "--warmup", "0s"));

    assertEquals(Duration.ofSeconds(7), options.duration());
    assertEquals(Duration.ZERO, options.warmup());
  }

  @Test
  void mistakesNameTheOption() {
    assertMessage("unknown option: --conections", "--conections", "4");
    assertMessage("--readers needs a value", "--readers");
    assertMessage(
        "--connections: expected a number from 1 to 100000, got 0", "--connections", "4,0");
    assertMessage("--duration: expected e.g. 15s, 500ms or 1m, got 15 s", "--duration", "15 s");
    assertMessage("--duration must be more than 0", "--duration", "0");
    assertMessage("--authors is given twice", "--authors", "2", "--authors=3");
    assertMessage("--baseline-path must start with /", "--baseline-path", "health/alive");
    assertMessage("unknown option: --markdown=yes", "--markdown=yes");
  }

  private static void assertMessage(String message, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReadBenchOptions.parse(List.of(args)));
    assertEquals(message, e.getMessage());
  }
}
