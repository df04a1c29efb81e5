package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.load.ClosedLoop;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.load.LoadCase;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.metrics.CounterWindow;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.seed.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Posting at saturation: one connection per author among the most followed that are fanned out,
 * each keeping one post in flight, while the node's fan-out counter is read around the window.
 * Afterwards it waits for the node to work off its backlog, so what follows runs on a quiet node.
 */
public final class PostSaturation {
  public static final Duration WARMUP = Duration.ofSeconds(5);

  private static final Duration MOST_SETTLING = Duration.ofMinutes(3);
  private static final byte[] POST =
      "{\"text\":\"Saturating the fan-out #timelines\"}".getBytes(StandardCharsets.UTF_8);

  private final int inFlight;
  private final Duration duration;

  public PostSaturation(int inFlight, Duration duration) {
    this.inFlight = inFlight;
    this.duration = duration;
  }

  public TimelineRun.SaturationPhase run(
      Cast cast,
      Endpoint endpoint,
      List<Account> accounts,
      Optional<CpuMeter> cpu,
      NodeCounter deliveries,
      List<DuringMeasurement> alsoDuring) {
    int[] authors = cast.saturationAuthors();
    LoadCase posts =
        new LoadCase(
            "POST /api/v1/tweets",
            n ->
                HttpRequest.post("/api/v1/tweets", "application/json", POST)
                    .withBearer(accounts.get(authors[n % authors.length]).accessToken())
                    .encode(endpoint.hostHeader()));
    CounterWindow fanOut = new CounterWindow(deliveries);
    PhaseCpu phaseCpu = new PhaseCpu(cpu);
    List<DuringMeasurement> beside = new ArrayList<>(phaseCpu.beside());
    beside.add(fanOut);
    beside.addAll(alsoDuring);
    LoadResult load = new ClosedLoop(endpoint).run(posts, inFlight, WARMUP, duration, beside);
    NodeSettling.Settled settled = NodeSettling.await(deliveries, cpu, MOST_SETTLING);
    return new TimelineRun.SaturationPhase(
        load, fanOut.perSecond(), phaseCpu.use(), settled.waited(), settled.quiet());
  }

  /** Waits, at most as long as after saturation, for what an earlier phase left behind. */
  public static NodeSettling.Settled settle(NodeCounter deliveries, Optional<CpuMeter> cpu) {
    return NodeSettling.await(deliveries, cpu, MOST_SETTLING);
  }
}
