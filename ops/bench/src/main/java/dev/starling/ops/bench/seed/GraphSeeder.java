package dev.starling.ops.bench.seed;

import dev.starling.ops.bench.graph.FollowGraph;
import dev.starling.ops.bench.http.Endpoint;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Builds a follow graph on the node through the public API only: signs every user up (and logs them
 * in), then makes every follow. Each seeding thread keeps one connection and works through every
 * n-th user, so the node sees a bounded number of connections and requests in flight.
 */
public final class GraphSeeder {
  /** Sign-up and login hash passwords on a bounded pool: more in flight would only queue there. */
  private static final int SIGN_UP_PARALLELISM = 8;

  private static final int FOLLOW_PARALLELISM = 16;

  private final Endpoint endpoint;
  private final String runId;
  private final PrintStream out;

  public GraphSeeder(Endpoint endpoint, String runId, PrintStream out) {
    this.endpoint = endpoint;
    this.runId = runId;
    this.out = out;
  }

  /** Returns the accounts, user {@code n} of the graph at index {@code n}. */
  public List<Account> seed(FollowGraph graph) {
    out.printf(
        "Seeding %d users and %d follows through %s%n", graph.users(), graph.follows(), endpoint);
    List<Account> accounts = signUpAll(graph.users());
    followAll(graph, accounts);
    return accounts;
  }

  private String password() {
    return "bench-" + runId + "-password";
  }

  /** {@code b<run>u<n>}: unique per run and at most 15 characters up to a million users. */
  private String handle(int user) {
    return "b" + runId + "u" + user;
  }

  private List<Account> signUpAll(int users) {
    Progress progress = new Progress("signing up", users, out);
    Account[] accounts = new Account[users];
    Parallel.run(
        everyNth(
            users,
            SIGN_UP_PARALLELISM,
            (client, user) -> {
              String handle = handle(user);
              var created = client.signUp(handle, password());
              String token = client.accessToken(handle, password());
              long id = created.isPresent() ? created.get() : client.myId(token);
              accounts[user] = new Account(handle, id, token);
              progress.advance();
            }),
        SIGN_UP_PARALLELISM);
    return Arrays.asList(accounts);
  }

  private void followAll(FollowGraph graph, List<Account> accounts) {
    Progress progress = new Progress("following", Math.toIntExact(graph.follows()), out);
    Parallel.run(
        everyNth(
            graph.users(),
            FOLLOW_PARALLELISM,
            (client, user) -> {
              String token = accounts.get(user).accessToken();
              for (int author : graph.followeesOf(user)) {
                client.follow(token, accounts.get(author).id());
                progress.advance();
              }
            }),
        FOLLOW_PARALLELISM);
  }

  private interface UserStep {
    void run(StarlingClient client, int user);
  }

  /** {@code threads} tasks; task {@code t} runs the step for users t, t+threads, t+2·threads… */
  private List<Callable<Void>> everyNth(int users, int threads, UserStep step) {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < Math.min(threads, users); t++) {
      int first = t;
      tasks.add(
          () -> {
            try (StarlingClient client = new StarlingClient(endpoint)) {
              for (int user = first; user < users; user += threads) {
                step.run(client, user);
              }
            }
            return null;
          });
    }
    return tasks;
  }
}
