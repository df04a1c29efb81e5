package dev.starling.ops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.bench.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  private static Outcome of(int status, Map<String, String> headers) {
    return Outcome.of(new HttpResponse(status, headers, new byte[0], true));
  }

  @Test
  void a503IsSheddingOnlyWithRetryAfter() {
    assertEquals(Outcome.SHED, of(503, Map.of("retry-after", "1")));
    assertEquals(Outcome.SHED_WITHOUT_RETRY_AFTER, of(503, Map.of()));
    assertFalse(Outcome.SHED.isFailure());
    assertTrue(Outcome.SHED_WITHOUT_RETRY_AFTER.isFailure());
  }

  @Test
  void statusesFallIntoTheReportedClasses() {
    assertEquals(Outcome.OK, of(200, Map.of()));
    assertEquals(Outcome.OK, of(201, Map.of()));
    assertEquals(Outcome.CLIENT_ERROR, of(404, Map.of()));
    assertEquals(Outcome.SERVER_ERROR, of(500, Map.of()));
    assertEquals(Outcome.OTHER_STATUS, of(304, Map.of()));
    assertTrue(Outcome.SERVER_ERROR.isFailure());
    assertTrue(Outcome.IO_ERROR.isFailure());
  }

  @Test
  void countsPrintOnlyWhatHappened() {
    OutcomeCounts counts = new OutcomeCounts();
    counts.add(Outcome.OK);
    counts.add(Outcome.OK);
    counts.add(Outcome.SHED);
    OutcomeCounts more = new OutcomeCounts();
    more.add(Outcome.IO_ERROR);
    counts.addAll(more);

    assertEquals("2xx=2 503=1 io-error=1", counts.toString());
    assertEquals(1, counts.failures());
  }
}
