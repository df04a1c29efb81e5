package dev.starling.node;

import dev.starling.http.HealthReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.setup.Setup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.management.javadsl.ReadinessCheckSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko Management on a port of its own ({@code starling.management}, off by default; the
 * Kubernetes manifests in {@code ops/deploy} turn it on): {@code GET /alive} answers 200 as soon as
 * the process serves it, {@code GET /ready} answers 200 only when the node's own {@link Readiness}
 * does — the same check as {@code /health/ready}, so a probe and a client never disagree. It starts
 * before the node's slow start-up steps (schema, cluster join), so a starting pod is alive but not
 * ready, and stays not ready until the node has handed its readiness check over.
 */
final class Management {
  private static final Logger log = LoggerFactory.getLogger(Management.class);

  private final AtomicReference<Supplier<CompletionStage<HealthReport>>> readiness =
      new AtomicReference<>();

  /** The readiness check Pekko Management runs; part of the actor system's setup. */
  Setup readinessSetup() {
    return ReadinessCheckSetup.create(system -> List.of(this::ready));
  }

  private CompletionStage<Boolean> ready() {
    var check = readiness.get();
    return check == null
        ? CompletableFuture.completedFuture(false)
        : check.get().thenApply(HealthReport::ready);
  }

  /**
   * Binds the management routes when {@code starling.management.enabled}; unbound by coordinated
   * shutdown together with the API, so a stopping node stops answering its probes.
   *
   * @return the bound port, or empty when management is off
   */
  static Optional<Integer> start(ActorSystem<?> system) {
    if (!system.settings().config().getBoolean("starling.management.enabled")) {
      return Optional.empty();
    }
    var management = PekkoManagement.get(system.classicSystem());
    var uri = management.start().toCompletableFuture().join();
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-management", management::stop);
    log.info("Pekko Management (probes /alive and /ready) on {}", uri);
    return Optional.of(uri.port());
  }

  /** From now on {@code /ready} answers what {@code check} says. */
  void readyWhen(Supplier<CompletionStage<HealthReport>> check) {
    readiness.set(check);
  }
}
