package dev.starling.http.ratelimit;

import com.typesafe.config.Config;
import dev.starling.common.Stages;
import dev.starling.http.ApiProblem;
import dev.starling.http.ClientAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Rate limits per endpoint class ({@code sign-up}, {@code token}, {@code post}, {@code follow},
 * {@code like}, {@code read}), each per authenticated user and per client address, from {@code
 * starling.rate-limits}. Every limited answer carries {@code X-RateLimit-Limit/Remaining/Reset} (of
 * the tighter bucket); a request over a limit is a 429 problem with {@code Retry-After} and changes
 * nothing. Buckets are {@link RateLimiter} entities, so a limit holds across the cluster. When a
 * bucket cannot answer in time the request is served: limits protect capacity, they are not what
 * keeps data correct.
 */
public final class RateLimits extends AllDirectives {
  private static final String LIMIT = "X-RateLimit-Limit";
  private static final Pattern ID = Pattern.compile("[^/]+");

  private record Rule(String method, Pattern path, String endpointClass) {}

  /** Which class a request belongs to: the first rule matching its method and path. */
  private static final List<Rule> RULES =
      List.of(
          new Rule("POST", Pattern.compile("/api/v1/accounts"), "sign-up"),
          new Rule("POST", Pattern.compile("/oauth/token"), "token"),
          new Rule("POST", Pattern.compile("/api/v1/tweets(/" + ID + "/retweet)?"), "post"),
          new Rule("DELETE", Pattern.compile("/api/v1/tweets/" + ID + "(/retweet)?"), "post"),
          new Rule("POST", Pattern.compile("/api/v1/media"), "post"),
          new Rule("*", Pattern.compile("/api/v1/users/" + ID + "/(follow|block|mute)"), "follow"),
          new Rule("*", Pattern.compile("/api/v1/tweets/" + ID + "/like"), "like"),
          new Rule("GET", Pattern.compile("/api/v1/.*"), "read"));

  private final boolean enabled;

  /** The node role that serves HTTP (cluster-config's NodeRoles.API). */
  private static final String API_ROLE = "api";

  private final Duration askTimeout;
  private final Map<String, RateLimiter.Limit> limits;
  private final ClusterSharding sharding;
  private final ClientAddress clientAddress;

  public RateLimits(ActorSystem<?> system) {
    Config config = system.settings().config().getConfig("starling.rate-limits");
    enabled = config.getBoolean("enabled");
    askTimeout = config.getDuration("ask-timeout");
    limits = limits(config.getConfig("classes"));
    sharding = ClusterSharding.get(system);
    clientAddress =
        ClientAddress.trusting(
            system.settings().config().getString("starling.http.trusted-proxies"));
    if (enabled) {
      sharding.init(
          Entity.of(
                  RateLimiter.ENTITY_KEY,
                  context -> RateLimiter.create(context.getShard(), limitOf(context.getEntityId())))
              .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
              // the buckets live where they are asked from: nodes with the api role (the one
              // place that starts this entity), whatever role the other entities run with
              .withRole(API_ROLE));
    }
  }

  /** Limits per client address, for every request. */
  public Route byAddress(Supplier<Route> inner) {
    if (!enabled) {
      return inner.get();
    }
    return extractRequest(request -> limited("per-ip", clientAddress.of(request), inner));
  }

  /** Limits per authenticated user. */
  public Route byUser(long userId, Supplier<Route> inner) {
    if (!enabled) {
      return inner.get();
    }
    return limited("per-user", Long.toString(userId), inner);
  }

  private Route limited(String scope, String key, Supplier<Route> inner) {
    return extractRequest(
        request -> {
          Optional<String> endpointClass = classify(request);
          if (endpointClass.isEmpty() || !limits.containsKey(endpointClass.get() + "." + scope)) {
            return inner.get();
          }
          String entityId = endpointClass.get() + "." + scope + "|" + key;
          CompletionStage<Optional<RateLimiter.Verdict>> verdict =
              Stages.plain(
                      sharding
                          .entityRefFor(RateLimiter.ENTITY_KEY, entityId)
                          .<RateLimiter.Verdict>ask(RateLimiter.TryConsume::new, askTimeout))
                  .thenApply(Optional::of)
                  .exceptionally(unavailable -> Optional.empty());
          return onSuccess(
              verdict,
              answer -> {
                if (answer.isEmpty()) {
                  return inner.get();
                }
                RateLimiter.Verdict v = answer.get();
                if (!v.allowed()) {
                  var headers = new HashMap<>(headers(v));
                  headers.put("Retry-After", Long.toString(v.retryAfterSeconds()));
                  return failWith(
                      new ApiProblem(
                          StatusCodes.TOO_MANY_REQUESTS,
                          "Too many requests",
                          "rate limit of "
                              + endpointClass.get()
                              + " requests "
                              + scope
                              + " reached; retry after "
                              + v.retryAfterSeconds()
                              + " s",
                          headers));
                }
                return mapResponse(response -> withHeaders(response, v), inner);
              });
        });
  }

  /** The endpoint class of a request, if it has one. */
  static Optional<String> classify(HttpRequest request) {
    String method = request.method().name();
    String path = request.getUri().path();
    if (request.method().equals(HttpMethods.HEAD)) {
      method = "GET";
    }
    for (Rule rule : RULES) {
      if ((rule.method().equals("*") || rule.method().equals(method))
          && rule.path().matcher(path).matches()) {
        return Optional.of(rule.endpointClass());
      }
    }
    return Optional.empty();
  }

  private RateLimiter.Limit limitOf(String entityId) {
    return limits.get(entityId.substring(0, entityId.indexOf('|')));
  }

  private static HttpResponse withHeaders(HttpResponse response, RateLimiter.Verdict v) {
    // the inner (per-user) limit is the tighter one: an outer limit does not overwrite it
    if (response.getHeader(LIMIT).isPresent()) {
      return response;
    }
    return response.addHeaders(
        headers(v).entrySet().stream()
            .map(h -> (HttpHeader) RawHeader.create(h.getKey(), h.getValue()))
            .toList());
  }

  private static Map<String, String> headers(RateLimiter.Verdict v) {
    return Map.of(
        LIMIT,
        Long.toString(v.limit()),
        "X-RateLimit-Remaining",
        Long.toString(v.remaining()),
        "X-RateLimit-Reset",
        Long.toString(v.resetEpochSecond()));
  }

  private static Map<String, RateLimiter.Limit> limits(Config classes) {
    var limits = new HashMap<String, RateLimiter.Limit>();
    for (String endpointClass : classes.root().keySet()) {
      Config perClass = classes.getConfig(endpointClass);
      for (String scope : List.of("per-user", "per-ip")) {
        if (perClass.hasPath(scope)) {
          limits.put(
              endpointClass + "." + scope,
              new RateLimiter.Limit(
                  perClass.getLong(scope + ".limit"), perClass.getDuration(scope + ".period")));
        }
      }
    }
    return Map.copyOf(limits);
  }
}
