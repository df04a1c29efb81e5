package dev.starling.http;

import dev.starling.app.AccountService;
import dev.starling.app.EngagementService;
import dev.starling.app.Entities;
import dev.starling.app.EntityCounts;
import dev.starling.app.FollowService;
import dev.starling.app.MediaService;
import dev.starling.app.MediaSweeper;
import dev.starling.app.PasswordWork;
import dev.starling.app.RelationshipService;
import dev.starling.app.TweetService;
import dev.starling.app.UploadSpool;
import dev.starling.common.Snowflake;
import dev.starling.http.auth.Authenticator;
import dev.starling.http.auth.TokenService;
import dev.starling.http.ratelimit.RateLimits;
import dev.starling.http.routes.AccountRoutes;
import dev.starling.http.routes.HealthRoutes;
import dev.starling.http.routes.MediaRoutes;
import dev.starling.http.routes.MetricsRoutes;
import dev.starling.http.routes.NotificationRoutes;
import dev.starling.http.routes.OAuthRoutes;
import dev.starling.http.routes.OpenApiRoutes;
import dev.starling.http.routes.SearchRoutes;
import dev.starling.http.routes.TimelineRoutes;
import dev.starling.http.routes.TrendsRoutes;
import dev.starling.http.routes.TweetRoutes;
import dev.starling.http.routes.UserRoutes;
import dev.starling.media.store.LocalMediaStore;
import dev.starling.media.store.MediaStore;
import dev.starling.media.store.S3MediaStore;
import dev.starling.read.projection.ProjectionControl;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.tracing.Tracing;
import dev.starling.user.Passwords;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The whole HTTP API of a node: every resource, behind one problem+json error boundary. */
public final class StarlingApi extends AllDirectives {
  private final AccountRoutes accounts;
  private final OAuthRoutes oauth;
  private final UserRoutes users;
  private final TweetRoutes tweets;
  private final TimelineRoutes timelines;
  private final NotificationRoutes notifications;
  private final TrendsRoutes trends;
  private final SearchRoutes search;
  private final MediaRoutes media;
  private final MediaSweeper mediaSweeper;
  private final UploadSpool uploadSpool;
  private final HealthRoutes health;
  private final MetricsRoutes metrics = new MetricsRoutes();
  private final OpenApiRoutes openApi = new OpenApiRoutes();
  private final Authenticator authenticator;
  private final RateLimits rateLimits;
  private final RequestTracing tracing;

  public StarlingApi(
      ActorSystem<?> system,
      ReadSide readSide,
      Snowflake ids,
      Supplier<CompletionStage<HealthReport>> readiness) {
    var config = system.settings().config().getConfig("starling.http");
    var clock = Clock.systemUTC();
    var entities = new Entities(system, config.getDuration("ask-timeout"), metrics.registry());
    var tokenService =
        new TokenService(
            readSide.cql(),
            clock,
            config.getDuration("access-token-ttl"),
            config.getDuration("refresh-token-ttl"),
            config.getDuration("revocation-delay"));
    tokenService.shareRevocations(system);
    var hashing = system.settings().config().getConfig("starling.accounts.password-hashing");
    var passwordWork =
        new PasswordWork(
            hashing.getInt("threads"), hashing.getInt("queue"), hashing.getDuration("max-wait"));
    system.getWhenTerminated().thenRun(passwordWork::close);
    var accountService =
        new AccountService(
            entities,
            readSide,
            ids,
            clock,
            passwordWork,
            new Passwords(hashing.getInt("memory-kib"), hashing.getInt("iterations")),
            system.settings().config().getDuration("starling.accounts.pending-sign-up-expiry"));
    var tweetService = new TweetService(entities, readSide, ids, clock);
    accounts = new AccountRoutes(accountService);
    oauth = new OAuthRoutes(accountService, tokenService);
    timelines =
        new TimelineRoutes(readSide.homeTimeline(), readSide.userTimeline(), readSide.users());
    users =
        new UserRoutes(
            readSide.users(),
            readSide.graph(),
            readSide.suggestions(),
            new FollowService(entities, readSide, clock),
            new RelationshipService(entities, readSide, clock),
            timelines);
    tweets =
        new TweetRoutes(
            tweetService,
            new EngagementService(entities, readSide, tweetService, ids, clock),
            readSide.tweets());
    notifications = new NotificationRoutes(readSide.notifications());
    trends = new TrendsRoutes(readSide.trends());
    search = new SearchRoutes(readSide.search());
    metrics.countStatements(readSide.cql()::statementsSent);
    metrics.countStatementsByKind(
        () -> {
          var byKind = new HashMap<List<String>, Long>();
          readSide
              .cql()
              .statementsSentByKind()
              .forEach((kind, sent) -> byKind.put(List.of(kind.verb(), kind.table()), sent));
          return byKind;
        });
    metrics.countDeliveries(readSide::deliveriesWritten);
    metrics.watchProjections(ProjectionControl.get(system));
    var metricsInterval = system.settings().config().getDuration("starling.metrics.read-interval");
    var entityCounts = new EntityCounts(system, metricsInterval, metrics.registry());
    metrics.onScrape(entityCounts::refreshIfStale);
    metrics.watchConsumerLag(readSide.consumerLag(), metricsInterval);
    readSide
        .caches()
        .forEach((name, cache) -> CaffeineCacheMetrics.monitor(metrics.registry(), cache, name));
    health = new HealthRoutes(readiness);
    var mediaConfig = system.settings().config().getConfig("starling.media");
    Path mediaDir = Path.of(mediaConfig.getString("dir")).toAbsolutePath();
    MediaStore mediaStore = mediaStore(system, mediaConfig, mediaDir);
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    uploadSpool = new UploadSpool(mediaDir.resolve("spool"));
    mediaSweeper =
        new MediaSweeper(entities, readSide.mediaSchedule(), mediaStore, blocking, clock);
    media =
        new MediaRoutes(
            new MediaService(
                entities,
                mediaStore,
                ids,
                clock,
                blocking,
                mediaConfig.getBytes("max-image-bytes"),
                mediaConfig.getBytes("max-video-bytes"),
                uploadSpool,
                readSide.mediaSchedule(),
                mediaConfig.getDuration("unattached-expiry")));
    authenticator = new Authenticator(tokenService);
    rateLimits = new RateLimits(system);
    tracing = new RequestTracing(Tracing.get(system));
  }

  /**
   * The background work of media, for the node to run with its other background services: the
   * sweeper removing media bytes that reached their end (not started here).
   */
  public MediaSweeper mediaSweeper() {
    return mediaSweeper;
  }

  /** Where uploads are spooled; the node removes what a crash left there at its start. */
  public UploadSpool uploadSpool() {
    return uploadSpool;
  }

  /** The configured media store (starling.media.store), closed with the actor system. */
  private static MediaStore mediaStore(
      ActorSystem<?> system, com.typesafe.config.Config config, Path dir) {
    MediaStore store;
    try {
      store =
          switch (config.getString("store")) {
            case "local" -> new LocalMediaStore(dir);
            case "s3" -> s3Store(config.getConfig("s3"));
            default ->
                throw new IllegalArgumentException(
                    "starling.media.store must be local or s3, not " + config.getString("store"));
          };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    system.getWhenTerminated().thenRun(store::close);
    return store;
  }

  private static MediaStore s3Store(com.typesafe.config.Config s3) {
    String endpoint = s3.getString("endpoint");
    return new S3MediaStore(
        endpoint.isBlank() ? null : URI.create(endpoint),
        s3.getString("region"),
        s3.getString("bucket"),
        s3.getString("access-key"),
        s3.getString("secret-key"));
  }

  /**
   * Every resource behind the problem+json boundary; all but health checks, metrics and the API
   * document also behind the node's limit of requests in flight, so probes and scrapes still answer
   * when it is reached (the document is bytes in memory, as cheap to serve as a liveness probe).
   */
  public Route route() {
    Route resources =
        rateLimits.byAddress(
            () ->
                concat(
                    oauth.routes(),
                    pathPrefix(
                        "api",
                        () ->
                            pathPrefix(
                                "v1",
                                () ->
                                    concat(
                                        accounts.routes(),
                                        media.servingRoutes(),
                                        authenticator.authenticated(
                                            callerId ->
                                                rateLimits.byUser(
                                                    callerId,
                                                    () ->
                                                        concat(
                                                            oauth.sessionRoutes(callerId),
                                                            users.routes(callerId),
                                                            tweets.routes(callerId),
                                                            timelines.routes(callerId),
                                                            notifications.routes(callerId),
                                                            trends.routes(),
                                                            search.routes(callerId),
                                                            media.routes(callerId)))))))));
    // built once: the suppliers below run per request, and building the problem boundary (its
    // rejection handler) per request cost 5 % of a busy node's CPU
    var problems = new ProblemHandling();
    var shedding = new LoadShedding();
    Route guarded =
        problems.wrap(
            concat(
                health.routes(),
                metrics.routes(),
                openApi.routes(),
                shedding.limitInFlight(() -> resources)));
    return metrics.timed(template -> tracing.traced(template, () -> guarded));
  }
}
