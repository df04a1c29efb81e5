package dev.starling.read.projection;

import com.github.benmanes.caffeine.cache.Cache;
import com.typesafe.config.Config;
import dev.starling.read.accounts.AccountsUpdater;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.accounts.UserRepository;
import dev.starling.read.accounts.UsersProjection;
import dev.starling.read.engagement.EngagementProjection;
import dev.starling.read.engagement.EngagementUpdater;
import dev.starling.read.engagement.TweetCounts;
import dev.starling.read.generation.ReadModels;
import dev.starling.read.graph.BlocksAndMutes;
import dev.starling.read.graph.FollowUpdater;
import dev.starling.read.graph.GraphQuery;
import dev.starling.read.graph.PopularUsers;
import dev.starling.read.graph.Relations;
import dev.starling.read.graph.RelationshipUpdater;
import dev.starling.read.graph.SocialGraph;
import dev.starling.read.graph.SocialGraphProjection;
import dev.starling.read.graph.SuggestionQuery;
import dev.starling.read.media.MediaRelease;
import dev.starling.read.media.MediaReleaseProjection;
import dev.starling.read.media.MediaSchedule;
import dev.starling.read.notification.NotificationProjection;
import dev.starling.read.notification.NotificationQuery;
import dev.starling.read.search.LuceneSearchIndex;
import dev.starling.read.search.SearchConsumer;
import dev.starling.read.search.SearchIndex;
import dev.starling.read.search.SearchQuery;
import dev.starling.read.search.TextLanguage;
import dev.starling.read.store.CachedCounts;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.store.EdgeWriters;
import dev.starling.read.store.Schema;
import dev.starling.read.stream.ConsumerLag;
import dev.starling.read.stream.PublisherProjection;
import dev.starling.read.stream.Topics;
import dev.starling.read.timeline.HomeTimelineQuery;
import dev.starling.read.timeline.TimelineProjection;
import dev.starling.read.timeline.TimelineWriter;
import dev.starling.read.timeline.Timelines;
import dev.starling.read.timeline.TweetQuery;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.read.timeline.TweetViews;
import dev.starling.read.timeline.UserTimelineQuery;
import dev.starling.read.trends.TrendSettings;
import dev.starling.read.trends.TrendWindows;
import dev.starling.read.trends.TrendsConsumer;
import dev.starling.read.trends.TrendsQuery;
import dev.starling.user.Profile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The read side of one node. Outward it offers two things: the query of each read model, which the
 * HTTP routes ask, and the updaters that say what an event does to the read models, which the fast
 * path (the application services, right after an entity acknowledged) and the projections (the
 * durable backstop, from the journal) both call. Storage objects stay inside.
 */
public final class ReadSide {
  public static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";

  private final Cql cql;
  private final UserRepository users;
  private final TweetRepository tweets;
  private final ReadModels readModels;
  private final AccountsUpdater accountsUpdater;
  private final Timelines timelines;
  private final FollowUpdater followUpdater;
  private final RelationshipUpdater relationshipUpdater;
  private final EngagementUpdater engagementUpdater;
  private final UserQuery userQuery;
  private final GraphQuery graphQuery;
  private final SuggestionQuery suggestionQuery;
  private final TweetQuery tweetQuery;
  private final UserTimelineQuery userTimelineQuery;
  private final NotificationQuery notificationQuery;
  private final TrendSettings trendSettings;
  private final TrendWindows trendWindows;
  private final TrendsQuery trendsQuery;
  private final SearchIndex searchIndex;
  private final SearchQuery searchQuery;
  private final MediaSchedule mediaSchedule;
  private final MediaRelease mediaRelease;
  private final Map<String, Cache<?, ?>> caches;
  private final ConsumerLag consumerLag = new ConsumerLag();

  private ReadSide(ActorSystem<?> system, Cql cql, EdgeWriters writers, Config settings) {
    this.cql = cql;
    users = new UserRepository(cql);
    tweets =
        new TweetRepository(
            cql, settings.getLong("tweet-cache-size"), settings.getDuration("tweet-cache-ttl"));
    readModels = new ReadModels(system, cql);
    var notifications = readModels.declare(NotificationProjection.model(cql, tweets, users));
    mediaSchedule = new MediaSchedule(cql);
    mediaRelease = new MediaRelease(system, mediaSchedule);
    var graph = new SocialGraph(cql, writers);
    var blocksAndMutes = new BlocksAndMutes(cql, writers);
    var relations = new Relations(system, graph, blocksAndMutes, settings);
    var userTimelines = new CountedEdges(cql, writers, "user_timeline", "user_id", "tweet_id");
    var tweetCounts = new TweetCounts(cql, writers, settings);
    var tweetViews = new TweetViews(tweets, relations, tweetCounts, users);
    timelines =
        Timelines.start(
            system,
            cql,
            tweets,
            userTimelines,
            tweetCounts.replies(),
            graph.followers(),
            relations,
            tweetCounts,
            tweetViews,
            settings.getConfig("timelines"));

    accountsUpdater = new AccountsUpdater(users);
    engagementUpdater = new EngagementUpdater(tweetCounts);
    followUpdater = new FollowUpdater(graph, timelines.writer());
    relationshipUpdater =
        new RelationshipUpdater(blocksAndMutes, graph, followUpdater, timelines.writer());

    var userCounts =
        new CachedCounts(
            List.of(graph.followers(), graph.following(), userTimelines),
            settings.getLong("user-counts-cache-size"),
            settings.getDuration("user-counts-cache-ttl"));
    userQuery = new UserQuery(users, userCounts);
    graphQuery = new GraphQuery(graph, userQuery);
    var suggestionSettings = settings.getConfig("suggestions");
    var popularUsers = new PopularUsers(cql, suggestionSettings.getConfig("popular"));
    graph
        .followers()
        .onChange(
            (userId, follower, followed, count) ->
                popularUsers.followChanged(userId, followed, count));
    suggestionQuery =
        new SuggestionQuery(graph, relations, popularUsers, userQuery, suggestionSettings);
    tweetQuery = new TweetQuery(tweets, tweetCounts.replies(), tweetViews);
    userTimelineQuery = new UserTimelineQuery(userTimelines, tweetViews);
    notificationQuery = new NotificationQuery(notifications, tweets, tweetViews, relations, users);
    trendSettings = TrendSettings.from(system.settings().config().getConfig("starling.trends"));
    trendWindows = new TrendWindows(trendSettings, Clock.systemUTC());
    trendsQuery = new TrendsQuery(trendWindows);
    searchIndex = openSearchIndex(system);
    searchQuery =
        new SearchQuery(
            searchIndex,
            tweetViews,
            userQuery,
            relations,
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    var named = new LinkedHashMap<String, Cache<?, ?>>();
    named.put("tweets", tweets.cacheForMetrics());
    named.put("users", users.cacheForMetrics());
    named.put("user-counts", userCounts.cacheForMetrics());
    named.put("tweet-flags", tweetCounts.cacheForMetrics());
    named.put("relations", relations.cacheForMetrics());
    named.put("hot-homes", timelines.hotHomesCache());
    named.put("hot-authors", timelines.hotAuthorsCache());
    named.put("friends-of-friends", suggestionQuery.cacheForMetrics());
    caches = Collections.unmodifiableMap(named);
    readModels.serve();
  }

  /**
   * The read side's in-memory caches by name (each records its stats), for the node to publish
   * their hit rates and sizes; the read side itself knows no metrics registry.
   */
  public Map<String, Cache<?, ?>> caches() {
    return caches;
  }

  /** The Kafka consumers this node runs (search, trends: those turned on) and their lag. */
  public ConsumerLag consumerLag() {
    return consumerLag;
  }

  /** The node's index, closed (and so committed) after its consumer stopped. */
  private static SearchIndex openSearchIndex(ActorSystem<?> system) {
    var search = system.settings().config().getConfig("starling.search");
    var index =
        LuceneSearchIndex.open(
            Path.of(search.getString("index-dir")),
            TextLanguage.of(search.getString("language")),
            search.getDuration("refresh-interval"));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-search-index",
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      index.close();
                      return Done.getInstance();
                    }));
    return index;
  }

  /**
   * Creates the schema (blocking: nothing may touch Cassandra before it), starts the edge writers'
   * entity type and builds the read models.
   */
  public static ReadSide create(ActorSystem<?> system) {
    var config = system.settings().config();
    String keyspace = config.getString("starling.cassandra.keyspace");
    var session =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create(SESSION_CONFIG))
            .underlying()
            .toCompletableFuture()
            .orTimeout(
                config.getDuration("starling.cassandra.connect-timeout").toMillis(),
                TimeUnit.MILLISECONDS)
            .join();
    Schema.create(session, keyspace, config.getInt("starling.cassandra.replication-factor"));
    var settings = config.getConfig("starling.read-side");
    var writers = EdgeWriters.start(system, settings.getConfig("edge-writers"));
    return new ReadSide(system, new Cql(session, keyspace), writers, settings);
  }

  /** Starts every projection of this node; call once the schema exists. */
  public void startProjections(ActorSystem<?> system) {
    UsersProjection.start(system, accountsUpdater);
    SocialGraphProjection.start(system, followUpdater, relationshipUpdater);
    TimelineProjection.start(system, timelines.writer());
    readModels.start();
    EngagementProjection.start(system, engagementUpdater);
    PublisherProjection.start(system);
    MediaReleaseProjection.start(system, mediaRelease);
    var config = system.settings().config();
    if (config.getBoolean("starling.search.consume")) {
      consumerLag.add(
          "search",
          SearchConsumer.start(
              system,
              searchIndex,
              Topics.from(config.getConfig("starling.kafka")),
              config.getConfig("starling.search")));
    }
    startTrends(system);
  }

  /** Every node counts the whole of trends itself, from the tweets topic, unless told not to. */
  private void startTrends(ActorSystem<?> system) {
    var config = system.settings().config();
    if (!config.getBoolean("starling.trends.consume")) {
      return;
    }
    consumerLag.add(
        "trends",
        new TrendsConsumer(
                Topics.from(config.getConfig("starling.kafka")),
                trendWindows,
                trendSettings,
                authorId -> users.find(authorId).thenApply(found -> found.map(Profile::location)),
                Clock.systemUTC())
            .start(system, config.getConfig("starling.trends.restart-backoff")));
  }

  /** The replayable read models and their generations (replay, backfill, switch, drop). */
  public ReadModels readModels() {
    return readModels;
  }

  /** When media may have reached their end (expiry, a deleted tweet's grace). */
  public MediaSchedule mediaSchedule() {
    return mediaSchedule;
  }

  /** What a tweet's delete does to its media (the fast path and the projection share it). */
  public MediaRelease mediaRelease() {
    return mediaRelease;
  }

  /** The session's statement counter and the tokens' table live on it too. */
  public Cql cql() {
    return cql;
  }

  public AccountsUpdater accountsUpdater() {
    return accountsUpdater;
  }

  public TimelineWriter timelineWriter() {
    return timelines.writer();
  }

  public FollowUpdater followUpdater() {
    return followUpdater;
  }

  public RelationshipUpdater relationshipUpdater() {
    return relationshipUpdater;
  }

  public EngagementUpdater engagementUpdater() {
    return engagementUpdater;
  }

  public UserQuery users() {
    return userQuery;
  }

  public GraphQuery graph() {
    return graphQuery;
  }

  public SuggestionQuery suggestions() {
    return suggestionQuery;
  }

  public TweetQuery tweets() {
    return tweetQuery;
  }

  public HomeTimelineQuery homeTimeline() {
    return timelines.homeTimeline();
  }

  /** Home timeline rows this node's fan-out has written (added or removed). */
  public long deliveriesWritten() {
    return timelines.deliveriesWritten();
  }

  public UserTimelineQuery userTimeline() {
    return userTimelineQuery;
  }

  public NotificationQuery notifications() {
    return notificationQuery;
  }

  public TrendsQuery trends() {
    return trendsQuery;
  }

  public SearchQuery search() {
    return searchQuery;
  }
}
