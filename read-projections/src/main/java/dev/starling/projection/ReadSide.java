package dev.starling.projection;

import dev.starling.graph.FollowUpdater;
import dev.starling.graph.SocialGraph;
import dev.starling.graph.SocialGraphProjection;
import dev.starling.store.CountedEdges;
import dev.starling.store.Cql;
import dev.starling.store.Schema;
import dev.starling.timeline.HomeTimelines;
import dev.starling.timeline.TimelineProjection;
import dev.starling.timeline.TimelineReader;
import dev.starling.timeline.TimelineWriter;
import dev.starling.timeline.TweetRepository;
import dev.starling.users.UserRepository;
import dev.starling.users.UsersProjection;
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

  private ReadSide(Cql cql, com.typesafe.config.Config settings) {
    this.cql = cql;
    users = new UserRepository(cql);
    graph = new SocialGraph(cql);
    tweets =
        new TweetRepository(
            cql, settings.getLong("tweet-cache-size"), settings.getDuration("tweet-cache-ttl"));
    var userTimelines = new CountedEdges(cql, "user_timeline", "user_id", "tweet_id");
    var homes = new HomeTimelines(cql);
    timelineWriter =
        new TimelineWriter(
            tweets,
            userTimelines,
            homes,
            graph,
            settings.getInt("fan-out-batch"),
            settings.getInt("follow-backfill"));
    timelineReader = new TimelineReader(tweets, userTimelines, homes);
    followUpdater = new FollowUpdater(graph, timelineWriter);
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
    SocialGraphProjection.start(system, followUpdater);
    TimelineProjection.start(system, timelineWriter);
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
}
