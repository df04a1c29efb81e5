package dev.starling.ops.bench.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.common.Stages;
import dev.starling.common.Tags;
import dev.starling.engagement.Engagement;
import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.journal.NodeJournalSettings;
import dev.starling.ops.bench.options.GivenOptions;
import dev.starling.ops.bench.stack.OwnStack;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code ops/starling bench replay}: journals N real follow events with a bare persist loop
 * (batches through {@code Effect.persist(list)}) with the node's other projections paused, waits
 * until the notifications model's live projections applied them, then in the same run reads every
 * event of the notifications model's tags raw ({@code currentEventsByTag}, counting) and replays
 * the model through the admin interface: events/s of each, their ratio, and the time from caught up
 * to switched.
 */
public final class ReplayBench {
  public static final String USAGE =
      """
      Usage: ops/starling bench replay [options]

      Journals --events follow events (Relationship.FollowStarted, each one a notification) with a
      bare persist loop, waits for the notifications model's live projections to apply them (the
      node's other projections are paused for the run and resumed at its end), then in the same run
      (a) reads every event of the notifications model's tags raw from the journal
      (currentEventsByTag, counting) and (b) replays the notifications read model into a new
      generation through the admin interface until it switches. Prints events/s of both, their
      ratio (replay / raw) and the time from caught up to switched.

      Options (defaults in brackets):
        --events N      follow events to journal [20000]; the issue's figure is 1000000
        --batch N       events per persist (one atomic journal write) [100]
        --writers N     entities persisting at once [16]; the journal's tag writer times out
                        (4 s) when writers x batch events wait for it at once on 2 cores
        --url URL       the admin interface of a running stack (token from STARLING_ADMIN_TOKEN),
                        e.g. http://127.0.0.1:8090 [a stack of its own on free ports]
        --cassandra H:P that stack's Cassandra [127.0.0.1:9042]
        --markdown      also print the results as a Markdown table
      """;

  private static final String TOKEN = "bench-replay-" + UUID.randomUUID();
  private static final String MODEL = "notifications";
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration UNAVAILABLE_BOUND = Duration.ofMinutes(2);
  private static final Duration LIVE_BOUND = Duration.ofMinutes(60);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int events;
  private final int batch;
  private final int writers;
  private final String url;
  private final String cassandra;
  private final boolean markdown;
  private final String command;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  private ReplayBench(
      int events,
      int batch,
      int writers,
      String url,
      String cassandra,
      boolean markdown,
      String command,
      PrintStream out) {
    this.events = events;
    this.batch = batch;
    this.writers = writers;
    this.url = url;
    this.cassandra = cassandra;
    this.markdown = markdown;
    this.command = command;
    this.out = out;
  }

  public static ReplayBench parse(List<String> options, String command, PrintStream out) {
    var given =
        GivenOptions.parse(
            options,
            Set.of("--markdown"),
            Set.of("--events", "--batch", "--writers", "--url", "--cassandra"));
    return new ReplayBench(
        given.positive("--events", "20000", 100_000_000),
        given.positive("--batch", "100", 10_000),
        given.positive("--writers", "16", 1_000),
        given.text("--url").map(url -> url.replaceAll("/+$", "")).orElse(null),
        given.text("--cassandra", "127.0.0.1:9042"),
        given.flag("--markdown"),
        command,
        out);
  }

  public void run() {
    out.println("# " + command);
    out.println("machine: " + Machine.describe());
    if (url != null) {
      String token = System.getenv("STARLING_ADMIN_TOKEN");
      if (token == null || token.isBlank()) {
        throw new IllegalStateException("--url needs STARLING_ADMIN_TOKEN, the node's admin token");
      }
      measure(url, token, cassandra);
      return;
    }
    int adminPort = freePort();
    OwnStack stack =
        OwnStack.start(
            repoRoot(),
            Map.of(
                "STARLING_ADMIN_TOKEN",
                TOKEN,
                "STARLING_ADMIN_PORT",
                Integer.toString(adminPort),
                // no Kafka publishing: the publisher projections would share the CPU
                "STARLING_KAFKA_PUBLISH",
                "off"),
            Duration.ofMinutes(5),
            out);
    try {
      measure("http://127.0.0.1:" + adminPort, TOKEN, stack.cassandraContactPoint());
    } catch (RuntimeException e) {
      stack.keepFolder();
      throw e;
    } finally {
      stack.close();
    }
  }

  private void measure(String admin, String token, String contactPoint) {
    var settings = NodeJournalSettings.of(contactPoint, OwnStack.KEYSPACE);
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "bench-replay", settings.actorSystemConfig());
    try {
      joinItself(system);
      Set<String> feeds = liveFeeds(admin, token);
      List<String> paused = pauseAllBut(admin, token, feeds);
      try {
        double written = fill(system);
        awaitLiveProjections(admin, token, feeds);
        Rate raw = rawRead(system);
        JsonNode switched = replay(admin, token);
        report(written, raw, switched);
      } finally {
        paused.forEach(
            name -> call(admin, token, "POST", "/admin/projections/" + name + "/resume"));
        out.printf("resumed the %d paused projections%n", paused.size());
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** Journals the events from {@code --writers} entities at once; returns events/s. */
  private double fill(ActorSystem<?> system) {
    int perAggregate = Tags.perAggregate(system);
    long start = System.nanoTime();
    List<CompletableFuture<Void>> entities = new ArrayList<>();
    int perEntity = (events + writers - 1) / writers;
    int left = events;
    long runBase = System.currentTimeMillis() * 1000;
    for (int n = 0; n < writers && left > 0; n++) {
      int mine = Math.min(perEntity, left);
      left -= mine;
      var entity =
          system.systemActorOf(
              new FollowFiller(runBase + n, runBase + writers + n % 20, perAggregate),
              "follow-filler-" + n,
              Props.empty());
      entities.add(fillUp(system, entity, mine));
    }
    CompletableFuture.allOf(entities.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "journaled %,d follow events in %.1f s (%,.0f events/s, %d writers, batches of %d)%n",
        events,
        seconds,
        events / seconds,
        writers,
        batch);
    return events / seconds;
  }

  private CompletableFuture<Void> fillUp(
      ActorSystem<?> system, ActorRef<FollowFiller.Fill> entity, int left) {
    if (left <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    int now = Math.min(batch, left);
    return Stages.plain(
            AskPattern.<FollowFiller.Fill, Done>ask(
                entity,
                replyTo -> new FollowFiller.Fill(now, replyTo),
                Duration.ofSeconds(30),
                system.scheduler()))
        .thenCompose(done -> fillUp(system, entity, left - now));
  }

  /** The projections that feed the model's active generation. */
  private Set<String> liveFeeds(String admin, String token) {
    JsonNode model = call(admin, token, "GET", "/admin/read-models/" + MODEL).at("/read_models/0");
    int active = model.get("active_generation").asInt(-1);
    Set<String> feeds = new TreeSet<>();
    for (JsonNode generation : model.get("generations")) {
      if (generation.get("generation").asInt() == active) {
        generation.get("projections").forEach(name -> feeds.add(name.asText()));
      }
    }
    if (feeds.isEmpty()) {
      throw new IllegalStateException(MODEL + " has no active generation to replay");
    }
    return feeds;
  }

  /**
   * Pauses the node's other projections for the run: the follow events feed several read models
   * (graph, counts, timelines), whose live projections would share the 2 cores with the model's and
   * apply a million follows far slower than the replay reads them. Resumed at the end.
   */
  private List<String> pauseAllBut(String admin, String token, Set<String> feeds) {
    List<String> paused = new ArrayList<>();
    for (JsonNode projection : call(admin, token, "GET", "/admin/projections").get("projections")) {
      String name = projection.get("name").asText();
      if (!feeds.contains(name)) {
        call(admin, token, "POST", "/admin/projections/" + name + "/pause");
        paused.add(name);
      }
    }
    out.printf(
        "paused %d projections for the run (%s); %s keep running: %s%n",
        paused.size(), String.join(", ", paused), MODEL, String.join(", ", feeds));
    return paused;
  }

  /** Until the model's live projections have applied everything, so the replay runs alone. */
  private void awaitLiveProjections(String admin, String token, Set<String> feeds) {
    long start = System.nanoTime();
    long deadline = start + LIVE_BOUND.toNanos();
    long lastPrinted = 0;
    while (true) {
      JsonNode listed = call(admin, token, "GET", "/admin/projections");
      long lag = 0;
      for (JsonNode projection : listed.get("projections")) {
        if (!feeds.contains(projection.get("name").asText())) {
          continue;
        }
        for (JsonNode instance : projection.get("instances")) {
          lag += instance.get("lag_events").asLong();
        }
      }
      if (lag == 0) {
        out.printf(
            Locale.ROOT,
            "the model's live projections applied them after %.1f s more%n",
            (System.nanoTime() - start) / 1e9);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the live projections still lag by " + lag + " events");
      }
      if (System.nanoTime() - lastPrinted > TimeUnit.SECONDS.toNanos(10)) {
        out.printf(Locale.ROOT, "  waiting for the live projections: %,d events to go%n", lag);
        lastPrinted = System.nanoTime();
      }
      sleep(POLL);
    }
  }

  private record Rate(long events, double seconds) {
    double perSecond() {
      return events / seconds;
    }
  }

  /** Every event of the model's tags (follows, engagement, tweets), read and counted. */
  private Rate rawRead(ActorSystem<?> system) {
    var journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    int perAggregate = Tags.perAggregate(system);
    List<String> tags = new ArrayList<>();
    for (String aggregate :
        List.of(Relationship.AGGREGATE, Engagement.AGGREGATE, Tweet.AGGREGATE)) {
      tags.addAll(Tags.all(aggregate, perAggregate));
    }
    long start = System.nanoTime();
    var counts =
        tags.stream()
            .map(
                tag ->
                    journal
                        .currentEventsByTag(tag, Offset.noOffset())
                        .runWith(Sink.fold(0L, (count, envelope) -> count + 1), system)
                        .toCompletableFuture())
            .toList();
    CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).join();
    long read = counts.stream().mapToLong(CompletableFuture::join).sum();
    var rate = new Rate(read, (System.nanoTime() - start) / 1e9);
    out.printf(
        Locale.ROOT,
        "raw journal read (currentEventsByTag over %d tags): %,d events in %.1f s, %,.0f"
            + " events/s%n",
        tags.size(),
        rate.events(),
        rate.seconds(),
        rate.perSecond());
    return rate;
  }

  /** Starts a replay and follows it until it switched; returns the model's status then. */
  private JsonNode replay(String admin, String token) {
    JsonNode started = call(admin, token, "POST", "/admin/read-models/" + MODEL + "/replay");
    int generation = started.at("/read_models/0/building_generation").asInt();
    out.printf("replaying %s into generation %d%n", MODEL, generation);
    long lastPrinted = System.nanoTime();
    while (true) {
      sleep(POLL);
      JsonNode model =
          call(admin, token, "GET", "/admin/read-models/" + MODEL).at("/read_models/0");
      if (model.get("active_generation").asInt(-1) == generation) {
        return model;
      }
      if (System.nanoTime() - lastPrinted > TimeUnit.SECONDS.toNanos(10)) {
        JsonNode progress = model.get("progress");
        // a lag counted only up to the node's limit makes the ETA a lower bound too
        String atLeast = progress.get("lag_at_least").asBoolean() ? ">=" : "";
        out.printf(
            Locale.ROOT,
            "  %s: %,d events, %.0f events/s, lag %s%,d, ETA %s%s s%n",
            model.get("state").asText(),
            progress.get("events").asLong(),
            progress.get("events_per_second").asDouble(),
            atLeast,
            progress.get("lag_events").asLong(),
            atLeast,
            progress.get("eta_seconds").asText());
        lastPrinted = System.nanoTime();
      }
    }
  }

  private void report(double written, Rate raw, JsonNode model) {
    JsonNode last = model.get("last_switch");
    long replayed = last.get("replayed_events").asLong();
    double seconds = last.get("replay_seconds").asDouble();
    double rate = last.get("replay_events_per_second").asDouble();
    double switchSeconds = last.get("switch_seconds").asDouble();
    out.printf(
        Locale.ROOT,
        "replay of %s: %,d events in %.1f s, %,.0f events/s; switched generation %d -> %d"
            + " %.1f s after catching up%n",
        MODEL,
        replayed,
        seconds,
        rate,
        last.get("from_generation").asInt(),
        last.get("to_generation").asInt(),
        switchSeconds);
    out.printf(Locale.ROOT, "replay / raw read: %.2f%n", rate / raw.perSecond());
    if (markdown) {
      out.println();
      out.println(
          "| events journaled | journal write (events/s) | raw read (events/s) | replay (events/s)"
              + " | replay / raw | caught up → switched (s) |");
      out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
      out.printf(
          Locale.ROOT,
          "| %,d | %,.0f | %,.0f | %,.0f | %.2f | %.1f |%n",
          events,
          written,
          raw.perSecond(),
          rate,
          rate / raw.perSecond(),
          switchSeconds);
    }
  }

  /**
   * One admin call; a GET answered 503 (the node sheds load or Cassandra timed out, as it may while
   * it compacts a million fresh rows) is retried after its {@code Retry-After} for up to {@link
   * #UNAVAILABLE_BOUND}, as an operator's polling client would.
   */
  private JsonNode call(String admin, String token, String method, String path) {
    long deadline = System.nanoTime() + UNAVAILABLE_BOUND.toNanos();
    while (true) {
      var response = send(admin, token, method, path);
      if (response.statusCode() == 503 && method.equals("GET") && System.nanoTime() < deadline) {
        long retryAfter =
            response.headers().firstValueAsLong("Retry-After").orElse(POLL.toSeconds());
        out.printf("  %s %s answered 503; retrying in %d s%n", method, path, retryAfter);
        sleep(Duration.ofSeconds(Math.max(1, retryAfter)));
        continue;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      try {
        return MAPPER.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private HttpResponse<String> send(String admin, String token, String method, String path) {
    var request =
        HttpRequest.newBuilder(URI.create(admin + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The journal notifies tag writes through cluster pub-sub, which wants a member that is up. */
  private static void joinItself(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bench's one-node cluster did not come up");
      }
      sleep(Duration.ofMillis(50));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repoRoot() {
    String root = System.getProperty("starling.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "starting a stack needs the repository (run it as ops/starling bench replay), or give"
              + " --url");
    }
    return Path.of(root);
  }
}
