package dev.starling.read.search;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a node's search documents live. The embedded Lucene index ({@link LuceneSearchIndex}) is
 * the default; a cluster could put a shared engine (OpenSearch) behind the same interface.
 *
 * <p>The index also keeps the stream positions its content reflects: {@link #apply} takes the
 * changes of a batch of records together with the positions after them, and {@link #commit} makes
 * both durable at once, so after a restart the consumer resumes exactly where the durable content
 * ends. Records after that position may have been applied before; applying them again is harmless
 * (documents are replaced by id).
 */
public interface SearchIndex extends AutoCloseable {

  /**
   * Applies the changes in order, then records {@code positions} (per topic-partition, the offset
   * of the next record to read).
   */
  void apply(List<IndexChange> changes, Map<TopicPartition, Long> positions);

  /** The positions of everything applied so far (committed or not). */
  Map<TopicPartition, Long> positions();

  /** Makes everything applied so far, with its positions, survive a restart. */
  void commit();

  /** Ids of matching tweets below {@code beforeId}, newest first. */
  List<Long> tweets(TweetCriteria criteria, long beforeId, int limit);

  /**
   * Ids of accounts whose handle or display name (or a word of it) starts with {@code prefix},
   * below {@code beforeId}, newest account first.
   */
  List<Long> users(String prefix, long beforeId, int limit);

  /** Hashtags starting with {@code prefix}, most used first. */
  List<HashtagCount> hashtags(String prefix, int limit);

  /** Commits and releases the index. */
  @Override
  void close();
}
