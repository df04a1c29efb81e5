package dev.starling.read.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.read.store.Cql.StatementKind;
import org.junit.jupiter.api.Test;

class CqlStatementKindTest {
  @Test
  void aStatementIsNamedByItsVerbAndTableWithoutTheKeyspace() {
    assertEquals(
        new StatementKind("select", "home_timeline"),
        Cql.parseKind(
            "SELECT tweet_id, author_id FROM ks_1.home_timeline WHERE reader_id = ? LIMIT ?"));
    assertEquals(
        new StatementKind("insert", "tweets"),
        Cql.parseKind("  insert into \"ks\".tweets (tweet_id) VALUES (?) USING TTL 10"));
    assertEquals(
        new StatementKind("update", "edge_counts"),
        Cql.parseKind("UPDATE ks.edge_counts SET n = n + ? WHERE owner = ?"));
    assertEquals(
        new StatementKind("delete", "home_timeline"),
        Cql.parseKind("DELETE FROM home_timeline WHERE reader_id = ? AND tweet_id < ?"));
  }

  @Test
  void aColumnNamedLikeAKeywordDoesNotPassForTheTable() {
    assertEquals(
        new StatementKind("select", "tweets"),
        Cql.parseKind("SELECT updated_at, from_id FROM ks.tweets WHERE tweet_id = ?"));
  }

  @Test
  void whatCannotBeReadIsOtherNotAFailure() {
    assertEquals(new StatementKind("other", "unknown"), Cql.parseKind("TRUNCATE"));
  }
}
