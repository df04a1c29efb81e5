package dev.starling.read.projection;

import dev.starling.read.engagement.EngagementProjection;
import dev.starling.read.engagement.EngagementUpdater;
import dev.starling.read.engagement.TweetCounts;
import dev.starling.read.graph.BlocksAndMutes;
import dev.starling.read.graph.FollowUpdater;
import dev.starling.read.graph.HiddenAuthors;
import dev.starling.read.graph.RelationshipUpdater;
import dev.starling.read.graph.SocialGraph;
import dev.starling.read.graph.SocialGraphProjection;
import dev.starling.read.notification.NotificationProjection;
import dev.starling.read.notification.NotificationRepository;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.store.Schema;
import dev.starling.read.timeline.HomeTimelines;
import dev.starling.read.timeline.TimelineProjection;
import dev.starling.read.timeline.TimelineReader;
import dev.starling.read.timeline.TimelineWriter;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.read.accounts.UserRepository;
import dev.starling.read.accounts.UsersProjection;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The read models of one node: the schema, the repositories the HTTP layer queries and writes
 * through on the fast path, and the projections that keep them up to date from the journal.
 */
public final class ReadSide {
  public static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";

  private final Cql cql;
  private final UserRepository users;
  private final SocialGraph graph;
  private final TweetRepository tweets;
  private final TimelineWriter timelineWriter;
  private final TimelineReader timelineReader;
  private final FollowUpdater followUpdater;
  private final HiddenAuthors hiddenAuthors;
  private final RelationshipUpdater relationshipUpdater;
  private final NotificationRepository notifications;
  private final TweetCounts tweetCounts;
  private final EngagementUpdater engagementUpdater;

  private ReadSide(Cql cql, com.typesafe.config.Config settings) {
    this.cql = cql;
    users = new UserRepository(cql);
    graph = new SocialGraph(cql);
    tweets =
        new TweetRepository(
            cql, settings.getLong("tweet-cache-size"), settings.getDuration("tweet-cache-ttl"));
    var userTimelines = new CountedEdges(cql, "user_timeline", "user_id", "tweet_id");
    var homes = new HomeTimelines(cql);
    tweetCounts = new TweetCounts(cql);
    engagementUpdater = new EngagementUpdater(tweetCounts);
    timelineWriter =
        new TimelineWriter(
            tweets,
            userTimelines,
            tweetCounts.replies(),
            homes,
            graph,
            settings.getInt("fan-out-batch"),
            settings.getInt("follow-backfill"));
    timelineReader = new TimelineReader(tweets, userTimelines, homes);
    followUpdater = new FollowUpdater(graph, timelineWriter);
    var blocksAndMutes = new BlocksAndMutes(cql);
    hiddenAuthors =
        new HiddenAuthors(blocksAndMutes, settings.getDuration("hidden-authors-cache-ttl"));
    relationshipUpdater = new RelationshipUpdater(blocksAndMutes, followUpdater, hiddenAuthors);
    notifications = new NotificationRepository(cql);
  }

  /** Creates the schema (blocking: nothing may touch Cassandra before it) and the repositories. */
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
    return new ReadSide(new Cql(session, keyspace), config.getConfig("starling.read-side"));
  }

  /** Starts every projection of this node; call once the schema exists. */
  public void startProjections(ActorSystem<?> system) {
    UsersProjection.start(system, users);
    SocialGraphProjection.start(system, followUpdater, relationshipUpdater);
    TimelineProjection.start(system, timelineWriter);
    NotificationProjection.start(system, notifications, tweets, users);
    EngagementProjection.start(system, engagementUpdater);
  }

  public Cql cql() {
    return cql;
  }

  public UserRepository users() {
    return users;
  }

  public SocialGraph graph() {
    return graph;
  }

  public TweetRepository tweets() {
    return tweets;
  }

  public TimelineWriter timelineWriter() {
    return timelineWriter;
  }

  public TimelineReader timelineReader() {
    return timelineReader;
  }

  public FollowUpdater followUpdater() {
    return followUpdater;
  }

  public HiddenAuthors hiddenAuthors() {
    return hiddenAuthors;
  }

  public RelationshipUpdater relationshipUpdater() {
    return relationshipUpdater;
  }

  public NotificationRepository notifications() {
    return notifications;
  }

  public TweetCounts tweetCounts() {
    return tweetCounts;
  }

  public EngagementUpdater engagementUpdater() {
    return engagementUpdater;
  }
}
