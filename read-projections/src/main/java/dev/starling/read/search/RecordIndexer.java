package dev.starling.read.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one indexing path: a batch of records from the event stream into the index, with the
 * positions after them. The node's consumer, {@code ops/starling search rebuild} and the benchmark
 * all go through here.
 */
public final class RecordIndexer {
  private static final Logger log = LoggerFactory.getLogger(RecordIndexer.class);

  private RecordIndexer() {}

  /** Applies {@code records} (in stream order) and returns how many there were. */
  public static int apply(SearchIndex index, List<ConsumerRecord<String, String>> records) {
    var changes = new ArrayList<IndexChange>(records.size());
    var positions = new HashMap<TopicPartition, Long>();
    for (var record : records) {
      positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
      if (record.value() == null) {
        continue;
      }
      try {
        IndexChanges.of(record.value()).ifPresent(changes::add);
      } catch (IllegalArgumentException e) {
        // one bad record must not stop the index for good; it is skipped, and said so
        log.warn(
            "Search skips record {}-{}@{}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }
    index.apply(changes, Map.copyOf(positions));
    return records.size();
  }
}
