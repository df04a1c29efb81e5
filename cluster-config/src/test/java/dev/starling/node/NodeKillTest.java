package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.app.Shards;
import dev.starling.ops.servers.NodeProcess;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.timeline.TimelineProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node of a two-node cluster dies by SIGKILL while clients post through the other: no post that
 * was acknowledged is lost, the dead node's shards move to the survivor, which keeps answering —
 * only 201 or 503, never a 500 — and serves every post again within seconds (the split-brain
 * resolver downs the dead node after {@code stable-after}, here 2 s; 20 s in production). Every
 * acknowledged post also reaches its author's follower, the fan-outs the dead node had under way
 * included: the survivor's projections finish them from the journal.
 */
@ExtendWith(RealServersExtension.class)
class NodeKillTest {
  private static final int POSTERS = 4;
  private static final Duration STABLE_AFTER = Duration.ofSeconds(2);

  private static NodeFixture survivor;
  private static NodeProcess victim;
  private static Path victimFolder;
  private static ApiClient client;

  @BeforeAll
  static void start() throws IOException {
    var sbr = Map.<String, Object>of("pekko.cluster.split-brain-resolver.stable-after", "2s");
    survivor = new NodeFixture(NodeKillTest.class, sbr, false);
    client = survivor.client();
    var own = Cluster.get(survivor.node().system()).selfMember().address();
    int survivorPort = own.getPort().get();
    victimFolder = Files.createTempDirectory("node-kill");
    var settings = new HashMap<String, Object>(survivor.settings());
    // two nodes, one lost: keep-majority keeps the side with the lowest address, the survivor's
    settings.put("pekko.remote.artery.canonical.port", freePortAbove(survivorPort));
    settings.put("starling.cluster.seed-nodes", own.toString());
    settings.put("starling.search.index-dir", victimFolder.resolve("search").toString());
    victim =
        NodeProcess.start(
            "victim", victimFolder, System.getProperty("java.class.path"), "384m", settings);
    survivor.awaitMembersUp(2, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (victim != null) {
      victim.close();
    }
    survivor.close();
    NodeFixture.deleteFolder(victimFolder);
  }

  private record Answer(long at, int status, String tweetId) {}

  @Test
  void killedUnderWriteLoadItLosesNoAcknowledgedPostAndItsShardsMoveWithinSeconds()
      throws Exception {
    var authors = new ArrayList<ApiClient.Account>();
    var followers = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < 8; i++) {
      authors.add(client.register("kill_author" + i));
      followers.add(client.register("kill_reader" + i));
      client.follows(followers.get(i), authors.get(i));
    }
    var authorOf = new ConcurrentHashMap<String, Integer>();
    var answers = new ConcurrentLinkedQueue<Answer>();
    var posting = new AtomicBoolean(true);
    ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
    for (int p = 0; p < POSTERS; p++) {
      posters.submit(
          () -> {
            int n = 0;
            while (posting.get()) {
              int index = ThreadLocalRandom.current().nextInt(authors.size());
              var posted =
                  client.tweet(
                      authors.get(index),
                      "under fire " + Thread.currentThread().getId() + "-" + n++);
              if (posted.status() == 201) {
                authorOf.put(posted.json().get("id").asText(), index);
              }
              answers.add(
                  new Answer(
                      System.nanoTime(),
                      posted.status(),
                      posted.status() == 201 ? posted.json().get("id").asText() : null));
            }
            return null;
          });
    }
    String victimAddress = victimAddress();
    // load with both nodes up until the victim hosts tweets that were acknowledged
    Eventually.within(
        Duration.ofSeconds(30),
        () -> tweetsOn(victimAddress),
        entities -> entities > 0 && answers.size() > 20);

    long killedAt = System.nanoTime();
    victim.kill();
    // post on until the survivor has answered 5 s and 20 posts of nothing but 201s since the last
    // failure (or give up after 90 s)
    Eventually.within(
        Duration.ofSeconds(90),
        () -> lastFailureOrKill(answers, killedAt),
        last ->
            System.nanoTime() - last > Duration.ofSeconds(5).toNanos()
                && answers.stream().filter(a -> a.at() > last && a.status() == 201).count() >= 20);
    posting.set(false);
    posters.shutdown();
    assertTrue(posters.awaitTermination(30, TimeUnit.SECONDS));

    long handOver = lastFailureOrKill(answers, killedAt) - killedAt;
    long after = answers.stream().filter(a -> a.at() > killedAt).count();
    System.out.printf(
        "NodeKillTest: hand-over after SIGKILL %d ms (stable-after %d s); %d posts answered,"
            + " %d after the kill, %d of them 503%n",
        Duration.ofNanos(handOver).toMillis(),
        STABLE_AFTER.toSeconds(),
        answers.size(),
        after,
        answers.stream().filter(a -> a.at() > killedAt && a.status() == 503).count());

    Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    answers.forEach(a -> statuses.add(a.status()));
    assertTrue(Set.of(201, 503).containsAll(statuses), "only 201 or 503: " + statuses);
    assertTrue(handOver < Duration.ofSeconds(30).toNanos(), "hand-over took " + handOver + " ns");

    // the dead node is out of the cluster and every shard it had now lives on the survivor
    String survivorAddress =
        Cluster.get(survivor.node().system()).selfMember().address().toString();
    Eventually.within(
        Duration.ofSeconds(30),
        () -> {
          var members = new ArrayList<String>();
          Cluster.get(survivor.node().system())
              .state()
              .getMembers()
              .forEach(m -> members.add(m.address().toString()));
          return members;
        },
        members -> members.equals(List.of(survivorAddress)));
    Eventually.within(
        Duration.ofSeconds(30),
        NodeKillTest::shardStats,
        stats ->
            stats.isPresent()
                && stats.get().stream()
                    .flatMap(t -> t.nodes().stream())
                    .allMatch(n -> n.node().equals(survivorAddress)));

    // no acknowledged post is lost: each is served from the journal by the survivor
    var acknowledged =
        answers.stream().filter(a -> a.status() == 201).map(Answer::tweetId).toList();
    assertFalse(acknowledged.isEmpty());
    for (String id : acknowledged) {
      var read = client.get("/api/v1/tweets/" + id, authors.get(0).token());
      assertEquals(200, read.status(), () -> "acknowledged tweet " + id + ": " + read.raw().body());
    }

    // and each reached its author's follower, whichever node had its fan-out under way
    for (int i = 0; i < authors.size(); i++) {
      int author = i;
      var follower = followers.get(i);
      var posted = acknowledged.stream().filter(id -> authorOf.get(id) == author).toList();
      assertTrue(posted.size() < 700, "more posts than a home timeline keeps: " + posted.size());
      try {
        Eventually.within(
            Duration.ofSeconds(60), () -> missingFromHome(follower, posted), List::isEmpty);
      } catch (AssertionError missing) {
        throw new AssertionError(
            missing.getMessage()
                + "\n"
                + whereTheyStand(follower, missingFromHome(follower, posted)),
            missing);
      }
    }
    System.out.printf(
        "NodeKillTest: every acknowledged post in its follower's home timeline %d ms after the"
            + " SIGKILL%n",
        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
  }

  /**
   * What the store holds about each missing tweet — its journal and tag rows, its fan-out, the
   * follower's row — and the timeline projection's offsets, so a failure says which path dropped
   * it.
   */
  private static String whereTheyStand(ApiClient.Account follower, List<String> missing) {
    var report = new StringBuilder();
    try (var rows = new StoredRows(survivor.keyspace())) {
      for (String id : missing) {
        long tweetId = Long.parseLong(id);
        report.append("tweet ").append(id).append('\n');
        for (var row :
            rows.query(
                "SELECT sequence_nr, timestamp, timebucket, tags, writer_uuid"
                    + " FROM ${keyspace}.messages WHERE persistence_id = ? AND partition_nr = 0",
                "Tweet|" + id)) {
          report.append("  journal: ").append(row.getFormattedContents()).append('\n');
          for (String tag : row.getSet("tags", String.class)) {
            rows.query(
                    "SELECT tag_name, timestamp, persistence_id, tag_pid_sequence_nr"
                        + " FROM ${keyspace}.tag_views WHERE tag_name = ? AND timebucket = ?"
                        + " AND timestamp = ?",
                    tag,
                    Long.parseLong(row.getString("timebucket")),
                    row.getUuid("timestamp"))
                .forEach(t -> report.append("  tag row: ").append(t.getFormattedContents()));
            report.append('\n');
          }
        }
        rows.query("SELECT * FROM ${keyspace}.fan_out WHERE tweet_id = ?", tweetId)
            .forEach(
                r -> report.append("  fan_out: ").append(r.getFormattedContents()).append('\n'));
        rows.query(
                "SELECT * FROM ${keyspace}.home_timeline WHERE user_id = ? AND tweet_id = ?",
                Long.parseLong(follower.id()),
                tweetId)
            .forEach(r -> report.append("  home: ").append(r.getFormattedContents()).append('\n'));
      }
      rows
          .query("SELECT projection_name, projection_key, offset FROM ${keyspace}.offset_store")
          .stream()
          .filter(r -> TimelineProjection.NAME.equals(r.getString("projection_name")))
          .forEach(r -> report.append("offset: ").append(r.getFormattedContents()).append('\n'));
    } catch (RuntimeException e) {
      report.append("(could not read the store: ").append(e).append(")\n");
    }
    return report.toString();
  }

  /** The tweets among {@code expected} that the reader's home timeline does not show. */
  private static List<String> missingFromHome(ApiClient.Account reader, List<String> expected) {
    var shown = new HashSet<String>();
    for (var page : client.pages("/api/v1/home_timeline?limit=100", reader, 10, () -> {})) {
      page.json().get("items").forEach(item -> shown.add(item.get("id").asText()));
    }
    return expected.stream().filter(id -> !shown.contains(id)).toList();
  }

  private static long lastFailureOrKill(ConcurrentLinkedQueue<Answer> answers, long killedAt) {
    return answers.stream()
        .filter(a -> a.at() > killedAt && a.status() != 201)
        .mapToLong(Answer::at)
        .max()
        .orElse(killedAt);
  }

  private static String victimAddress() {
    String own = Cluster.get(survivor.node().system()).selfMember().address().toString();
    var others = new ArrayList<String>();
    Cluster.get(survivor.node().system())
        .state()
        .getMembers()
        .forEach(
            m -> {
              if (!m.address().toString().equals(own)) {
                others.add(m.address().toString());
              }
            });
    assertEquals(1, others.size(), others.toString());
    return others.get(0);
  }

  private static long tweetsOn(String address) {
    return shardStats().stream()
        .flatMap(List::stream)
        .filter(t -> t.name().equals("Tweet"))
        .flatMap(t -> t.nodes().stream())
        .filter(n -> n.node().equals(address))
        .mapToLong(Shards.OnNode::entities)
        .sum();
  }

  /**
   * Every entity type's shards per node; empty when a region did not answer in time (ask again).
   */
  private static Optional<List<Shards.EntityType>> shardStats() {
    try {
      return Optional.of(
          new Shards(survivor.node().system(), Duration.ofSeconds(10))
              .stats()
              .toCompletableFuture()
              .join());
    } catch (CompletionException busy) {
      return Optional.empty();
    }
  }

  private static int freePortAbove(int port) {
    for (int candidate = port + 1; candidate < 65535; candidate++) {
      try (var socket = new ServerSocket(candidate)) {
        return candidate;
      } catch (IOException taken) {
        // next
      }
    }
    throw new UncheckedIOException(new IOException("no free port above " + port));
  }
}
