package dev.starling.ops.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String METRIC = "starling_cassandra_statements_total";

  @Test
  void sumsEverySeriesOfTheCounter() {
    String exposition =
        """
        # HELP starling_cassandra_statements_total Statements sent to Cassandra
        # TYPE starling_cassandra_statements_total counter
        starling_cassandra_statements_total{kind="select",table="home_timeline"} 1200.0
        starling_cassandra_statements_total{kind="insert",table="tweets"} 3.0E2
        starling_cassandra_statements_total{kind="select",query="SELECT * FROM t WHERE a IN {1} \\"x\\""} 5 1700000000000
        """;

    assertEquals(OptionalDouble.of(1505), PrometheusText.sum(exposition, METRIC));
  }

  @Test
  void readsASeriesWithoutLabels() {
    assertEquals(
        OptionalDouble.of(42), PrometheusText.sum(METRIC + " 42\r\nother_total 7\n", METRIC));
  }

  @Test
  void countsOnlyTheExactName() {
    String exposition =
        """
        starling_cassandra_statements_total_created{kind="select"} 1.7E9
        starling_cassandra_statements_totally 9
        jvm_threads_live_threads 40.0
        """;

    assertEquals(OptionalDouble.empty(), PrometheusText.sum(exposition, METRIC));
  }
}
