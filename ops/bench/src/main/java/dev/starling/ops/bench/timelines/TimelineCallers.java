package dev.starling.ops.bench.timelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.http.HttpResponse;
import dev.starling.ops.bench.load.Arrival;
import dev.starling.ops.bench.load.FailureExamples;
import dev.starling.ops.bench.load.OpenStream;
import dev.starling.ops.bench.load.Outcome;
import dev.starling.ops.bench.seed.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The requests of the open-model phase: posts by the graph's authors, home-timeline reads. */
public final class TimelineCallers {
  /** Generous so that a slow answer is measured, not turned into an error. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOME_PAGE = "/api/v1/home_timeline?limit=20";

  private final Endpoint endpoint;
  private final List<Account> accounts;
  private final String runId;
  private final FailureExamples failures = new FailureExamples();

  public TimelineCallers(Endpoint endpoint, List<Account> accounts, String runId) {
    this.endpoint = endpoint;
    this.accounts = List.copyOf(accounts);
    this.runId = runId;
  }

  /** The first failing answer of each status to the posts and reads made so far. */
  public FailureExamples failures() {
    return failures;
  }

  /**
   * Posts by {@code authors}; a watched post that is acknowledged inside the measured window is
   * handed to {@code watch}.
   */
  public OpenStream.Caller poster(PostingAuthors authors, DeliveryWatch watch) {
    HttpConnection connection = new HttpConnection(endpoint, READ_TIMEOUT);
    return new OpenStream.Caller() {
      @Override
      public Outcome call(Arrival arrival) throws IOException {
        PostingAuthors.Choice choice = authors.of(arrival.sequence());
        boolean watched = arrival.measured() && choice.watched().isPresent();
        byte[] request =
            HttpRequest.post("/api/v1/tweets", "application/json", postBody(arrival.sequence()))
                .withBearer(accounts.get(choice.user()).accessToken())
                .encode(endpoint.hostHeader());
        HttpResponse response = connection.exchange(request, watched);
        long acknowledged = System.nanoTime();
        if (watched && response.status() == 201) {
          long tweetId = JSON.readTree(response.body()).path("id").asLong();
          watch.expect(choice.user(), choice.watched().get(), tweetId, acknowledged);
        }
        failures.note("posts", response);
        return Outcome.of(response);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  /** Reads of the first home-timeline page by users drawn evenly, reproducibly from the seed. */
  public OpenStream.Caller reader(long seed) {
    HttpConnection connection = new HttpConnection(endpoint, READ_TIMEOUT);
    return new OpenStream.Caller() {
      @Override
      public Outcome call(Arrival arrival) throws IOException {
        int reader = SeededDraw.of(seed, arrival.sequence(), accounts.size());
        byte[] request =
            HttpRequest.get(HOME_PAGE)
                .withBearer(accounts.get(reader).accessToken())
                .encode(endpoint.hostHeader());
        HttpResponse response = connection.exchange(request, false);
        failures.note("reads", response);
        return Outcome.of(response);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private byte[] postBody(long sequence) {
    return ("{\"text\":\"Post "
            + sequence
            + " of timeline benchmark run "
            + runId
            + ": fan-out at scale #timelines\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
