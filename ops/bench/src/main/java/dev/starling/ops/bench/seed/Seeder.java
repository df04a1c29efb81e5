package dev.starling.ops.bench.seed;

import dev.starling.ops.bench.http.Endpoint;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.IntStream;

/**
 * Seeds the world the read benchmark measures, through the public API only: authors, readers who
 * follow every author, and tweets (with replies and retweets, so pages carry retweeted originals)
 * posted after the follows so fan-out places them in every reader's home timeline.
 */
public final class Seeder {
  /** Sign-up and login hash passwords (argon2id): more in flight only queues on the node. */
  private static final int SIGN_UP_PARALLELISM = 4;

  private static final int FOLLOW_PARALLELISM = 8;
  private static final int MOST_AUTHORS_POSTING_AT_ONCE = 16;
  private static final long QUIET_MILLIS_BEFORE_GIVING_UP = 20_000;

  private final Endpoint endpoint;
  private final String runId;
  private final PrintStream out;

  public Seeder(Endpoint endpoint, String runId, PrintStream out) {
    this.endpoint = endpoint;
    this.runId = runId;
    this.out = out;
  }

  /** What was seeded: everyone's tokens and how many entries each home timeline should hold. */
  public record World(List<Account> authors, List<Account> readers, int homeEntriesPerReader) {}

  public World seed(int authorCount, int tweetsPerAuthor, int readerCount) {
    out.printf("Seeding run %s through %s%n", runId, endpoint);
    Progress signUps = new Progress("signing up", authorCount + readerCount, out);
    List<Account> authors = signUpAll("a", authorCount, signUps);
    List<Account> readers = signUpAll("r", readerCount, signUps);
    followEveryAuthor(readers, authors);
    int entries = postAll(authors, tweetsPerAuthor);
    awaitHomeTimelines(readers, entries);
    return new World(authors, readers, entries);
  }

  private String password() {
    return "bench-" + runId + "-password";
  }

  private List<Account> signUpAll(String role, int count, Progress progress) {
    List<Callable<Account>> tasks = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      String handle = "b" + runId + role + n;
      tasks.add(
          () -> {
            try (StarlingClient client = new StarlingClient(endpoint)) {
              var created = client.signUp(handle, password());
              String token = client.accessToken(handle, password());
              long id = created.isPresent() ? created.get() : client.myId(token);
              progress.advance();
              return new Account(handle, id, token);
            }
          });
    }
    return Parallel.run(tasks, SIGN_UP_PARALLELISM);
  }

  private void followEveryAuthor(List<Account> readers, List<Account> authors) {
    Progress progress = new Progress("following", readers.size() * authors.size(), out);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (Account reader : readers) {
      tasks.add(
          () -> {
            try (StarlingClient client = new StarlingClient(endpoint)) {
              for (Account author : authors) {
                client.follow(reader.accessToken(), author.id());
                progress.advance();
              }
            }
            return null;
          });
    }
    Parallel.run(tasks, FOLLOW_PARALLELISM);
  }

  /**
   * Every author posts {@code tweetsPerAuthor} timeline entries: tweets, replies and retweets of
   * other authors (never the same tweet twice, so each call adds one entry). Returns the total.
   */
  private int postAll(List<Account> authors, int tweetsPerAuthor) {
    Progress progress = new Progress("posting", authors.size() * tweetsPerAuthor, out);
    ConcurrentLinkedDeque<Posted> originals = new ConcurrentLinkedDeque<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int a = 0; a < authors.size(); a++) {
      int authorIndex = a;
      tasks.add(
          () -> {
            postAs(authors, authorIndex, tweetsPerAuthor, originals, progress);
            return null;
          });
    }
    Parallel.run(tasks, MOST_AUTHORS_POSTING_AT_ONCE);
    return authors.size() * tweetsPerAuthor;
  }

  /** Every tenth entry from the 5th is a reply, from the 9th a retweet, when there is a target. */
  private void postAs(
      List<Account> authors,
      int authorIndex,
      int count,
      ConcurrentLinkedDeque<Posted> originals,
      Progress progress) {
    Account author = authors.get(authorIndex);
    Set<Long> answered = new HashSet<>();
    try (StarlingClient client = new StarlingClient(endpoint)) {
      for (int n = 0; n < count; n++) {
        boolean answering = n % 10 == 4 || n % 10 == 8;
        Posted other = answering ? newestOriginalOfAnother(originals, authorIndex, answered) : null;
        if (other != null && n % 10 == 8) {
          client.retweet(author.accessToken(), other.tweetId());
        } else {
          Account repliedTo = other == null ? null : authors.get(other.authorIndex());
          long id =
              client.post(
                  author.accessToken(),
                  text(author, n, repliedTo),
                  other == null ? null : other.tweetId(),
                  runId + "-" + author.handle() + "-" + n);
          originals.add(new Posted(authorIndex, id));
        }
        progress.advance();
      }
    }
  }

  private record Posted(int authorIndex, long tweetId) {}

  /** The newest tweet by someone else this author has not answered yet; marks it answered. */
  private static Posted newestOriginalOfAnother(
      ConcurrentLinkedDeque<Posted> originals, int authorIndex, Set<Long> answered) {
    for (Iterator<Posted> it = originals.descendingIterator(); it.hasNext(); ) {
      Posted candidate = it.next();
      if (candidate.authorIndex() != authorIndex && answered.add(candidate.tweetId())) {
        return candidate;
      }
    }
    return null;
  }

  private static String text(Account author, int n, Account repliedTo) {
    String topic = "#topic" + (n % 7);
    if (repliedTo != null) {
      return "@" + repliedTo.handle() + " agreed, and here is why: reply " + n + " " + topic;
    }
    return "Tweet "
        + n
        + " from "
        + author.handle()
        + ": a read benchmark needs pages that look like real ones #bench "
        + topic;
  }

  /**
   * Waits until every reader's home timeline holds {@code expected} entries. Gives up, saying so,
   * when no timeline has grown for a while: a node that caps timelines below {@code expected} never
   * gets there.
   */
  private void awaitHomeTimelines(List<Account> readers, int expected) {
    long started = System.nanoTime();
    long lastGrowth = started;
    long lastTotal = -1;
    try (StarlingClient client = new StarlingClient(endpoint)) {
      while (true) {
        int[] sizes =
            readers.stream().mapToInt(r -> client.homeTimelineSize(r.accessToken())).toArray();
        long full = IntStream.of(sizes).filter(size -> size >= expected).count();
        int fewest = IntStream.of(sizes).min().orElse(0);
        long total = IntStream.of(sizes).asLongStream().sum();
        long now = System.nanoTime();
        out.printf(
            Locale.ROOT,
            "  home timelines: %d/%d readers hold all %d entries (fewest %d) after %.1f s%n",
            full,
            readers.size(),
            expected,
            fewest,
            (now - started) / 1e9);
        if (full == readers.size()) {
          return;
        }
        if (total > lastTotal) {
          lastTotal = total;
          lastGrowth = now;
        } else if ((now - lastGrowth) / 1_000_000 > QUIET_MILLIS_BEFORE_GIVING_UP) {
          out.printf(
              "  WARNING: home timelines stopped growing at %d of %d entries; measuring anyway%n",
              fewest, expected);
          return;
        }
        Thread.sleep(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeedingFailed("interrupted while waiting for home timelines", e);
    }
  }
}
