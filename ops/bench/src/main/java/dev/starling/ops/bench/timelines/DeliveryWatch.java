package dev.starling.ops.bench.timelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.http.HttpResponse;
import dev.starling.ops.bench.load.Outcome;
import dev.starling.ops.bench.load.OutcomeCounts;
import dev.starling.ops.bench.seed.Account;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures fan-out delivery: after a watched post is acknowledged, each follower watching its
 * author polls its own home timeline ({@code limit=20}, on a connection of its own, not counted as
 * load) every {@code pollEvery} until the tweet shows, or gives up after {@code giveUpAfter}. A
 * follower polls only while it waits for something, so the watch costs the node little when
 * delivery is quick. The latency is taken when the showing poll's response arrives: an upper bound,
 * within one poll interval plus one poll's latency of the truth.
 */
public final class DeliveryWatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration IDLE_WAIT = Duration.ofMillis(100);
  private static final String POLL_PATH = "/api/v1/home_timeline?limit=20";

  private final Map<Integer, List<Watcher>> watchersByAuthor = new HashMap<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<AuthorKind, AtomicLong> posts = new EnumMap<>(AuthorKind.class);
  private final Duration pollEvery;
  private final Duration giveUpAfter;
  private volatile boolean finishing;

  /**
   * @param watchersByAuthor for each watched author, the accounts of the followers watching it
   */
  public DeliveryWatch(
      Endpoint endpoint,
      Map<Integer, List<Account>> watchersByAuthor,
      Duration pollEvery,
      Duration giveUpAfter) {
    this.pollEvery = pollEvery;
    this.giveUpAfter = giveUpAfter;
    Map<Long, Watcher> byAccount = new HashMap<>();
    watchersByAuthor.forEach(
        (author, accounts) -> {
          List<Watcher> forAuthor = new ArrayList<>();
          for (Account account : accounts) {
            forAuthor.add(
                byAccount.computeIfAbsent(
                    account.id(),
                    id -> {
                      Watcher watcher = new Watcher(endpoint, account);
                      watchers.add(watcher);
                      return watcher;
                    }));
          }
          this.watchersByAuthor.put(author, forAuthor);
        });
    for (AuthorKind kind : AuthorKind.values()) {
      posts.put(kind, new AtomicLong());
    }
  }

  public void start() {
    for (Watcher watcher : watchers) {
      Thread thread = new Thread(watcher, "watch-" + watcher.account.handle());
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /** Called when a watched post was acknowledged at {@code acknowledgedNanos}. */
  public void expect(int author, AuthorKind kind, long tweetId, long acknowledgedNanos) {
    List<Watcher> forAuthor = watchersByAuthor.getOrDefault(author, List.of());
    if (forAuthor.isEmpty()) {
      return;
    }
    posts.get(kind).incrementAndGet();
    for (Watcher watcher : forAuthor) {
      watcher.incoming.add(new Expected(tweetId, kind, acknowledgedNanos));
    }
  }

  /** Waits until every expected tweet arrived or was given up, then stops the watchers. */
  public Result finish() {
    finishing = true;
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for deliveries", e);
      }
    }
    Map<AuthorKind, Deliveries> byKind = new EnumMap<>(AuthorKind.class);
    OutcomeCounts polls = new OutcomeCounts();
    for (AuthorKind kind : AuthorKind.values()) {
      Tally all = new Tally();
      watchers.forEach(watcher -> all.add(watcher.tallies.get(kind)));
      byKind.put(
          kind,
          new Deliveries(
              kind, posts.get(kind).get(), all.observations, all.missing, all.latencyMicros));
    }
    watchers.forEach(w -> polls.addAll(w.pollOutcomes));
    return new Result(byKind, polls, watchers.size());
  }

  /**
   * @param polls the outcome of every home-timeline poll the watchers made
   * @param followers how many followers watched
   */
  public record Result(Map<AuthorKind, Deliveries> byKind, OutcomeCounts polls, int followers) {
    public Deliveries of(AuthorKind kind) {
      return byKind.get(kind);
    }
  }

  private record Expected(long tweetId, AuthorKind kind, long acknowledgedNanos) {}

  /** What one watcher saw of one kind of author. */
  private static final class Tally {
    private final Histogram latencyMicros = new Histogram(3);
    private long observations;
    private long missing;

    void add(Tally other) {
      latencyMicros.add(other.latencyMicros);
      observations += other.observations;
      missing += other.missing;
    }
  }

  /** One watching follower; its figures are read after its thread ended. */
  private final class Watcher implements Runnable {
    private final Account account;
    private final HttpConnection connection;
    private final byte[] poll;
    private final BlockingQueue<Expected> incoming = new LinkedBlockingQueue<>();
    private final List<Expected> pending = new ArrayList<>();
    private final Map<AuthorKind, Tally> tallies = new EnumMap<>(AuthorKind.class);
    private final OutcomeCounts pollOutcomes = new OutcomeCounts();

    Watcher(Endpoint endpoint, Account account) {
      this.account = account;
      this.connection = new HttpConnection(endpoint, Duration.ofSeconds(30));
      this.poll =
          HttpRequest.get(POLL_PATH)
              .withBearer(account.accessToken())
              .encode(endpoint.hostHeader());
      for (AuthorKind kind : AuthorKind.values()) {
        tallies.put(kind, new Tally());
      }
    }

    @Override
    public void run() {
      try (connection) {
        while (true) {
          if (pending.isEmpty()) {
            Expected next = incoming.poll(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
              if (finishing && incoming.isEmpty()) {
                return;
              }
              continue;
            }
            pending.add(next);
          }
          incoming.drainTo(pending);
          long polled = System.nanoTime();
          settle(timelineIds(), System.nanoTime());
          LockSupport.parkNanos(polled + pollEvery.toNanos() - System.nanoTime());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The tweet ids on the first page; empty when the poll failed (it is counted). */
    private Set<Long> timelineIds() {
      Set<Long> ids = new HashSet<>();
      try {
        HttpResponse response = connection.exchange(poll, true);
        pollOutcomes.add(Outcome.of(response));
        if (response.status() == 200) {
          for (JsonNode item : JSON.readTree(response.body()).path("items")) {
            ids.add(item.path("id").asLong());
          }
        }
      } catch (IOException e) {
        pollOutcomes.add(Outcome.IO_ERROR);
      }
      return ids;
    }

    private void settle(Set<Long> shown, long now) {
      for (Iterator<Expected> it = pending.iterator(); it.hasNext(); ) {
        Expected expected = it.next();
        long waited = now - expected.acknowledgedNanos();
        boolean arrived = shown.contains(expected.tweetId());
        if (arrived || waited > giveUpAfter.toNanos()) {
          it.remove();
          Tally tally = tallies.get(expected.kind());
          tally.observations++;
          tally.latencyMicros.recordValue(Math.min(waited, giveUpAfter.toNanos()) / 1_000);
          if (!arrived) {
            tally.missing++;
          }
        }
      }
    }
  }
}
