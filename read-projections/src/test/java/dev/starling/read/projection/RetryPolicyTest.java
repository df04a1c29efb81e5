package dev.starling.read.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysDoubleFromTheMinimumUpToTheMaximum() {
    var policy = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(1), policy.delayAfter(1));
    assertEquals(Duration.ofSeconds(2), policy.delayAfter(2));
    assertEquals(Duration.ofSeconds(16), policy.delayAfter(5));
    assertEquals(Duration.ofSeconds(30), policy.delayAfter(6));
    assertEquals(Duration.ofSeconds(30), policy.delayAfter(100));
  }

  @Test
  void aNegativeRetryCountIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetryPolicy(-1, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }
}
