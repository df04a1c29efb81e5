package dev.starling.read.timeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.typesafe.config.Config;
import dev.starling.read.engagement.TweetCounts;
import dev.starling.read.graph.Relations;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The timeline read model of one node, assembled: stored and in-memory home timelines, the delivery
 * stream, fan-out entities, celebrities and popular tweets, with the writer that updates them and
 * the queries that read them. Settings: {@code starling.read-side.timelines}.
 */
public final class Timelines {
  private final TimelineWriter writer;
  private final HomeTimelineQuery homeTimeline;
  private final Celebrities celebrities;
  private final LongAdder deliveriesWritten;
  private final HotTimelines hotHomes;
  private final HotTimelines hotAuthors;

  private Timelines(
      TimelineWriter writer,
      HomeTimelineQuery homeTimeline,
      Celebrities celebrities,
      LongAdder deliveriesWritten,
      HotTimelines hotHomes,
      HotTimelines hotAuthors) {
    this.hotHomes = hotHomes;
    this.hotAuthors = hotAuthors;
    this.writer = writer;
    this.homeTimeline = homeTimeline;
    this.celebrities = celebrities;
    this.deliveriesWritten = deliveriesWritten;
  }

  public static Timelines start(
      ActorSystem<?> system,
      Cql cql,
      TweetRepository tweets,
      CountedEdges userTimelines,
      CountedEdges replies,
      CountedEdges followers,
      Relations relations,
      TweetCounts engagement,
      TweetViews views,
      Config settings) {
    var clock = Clock.systemUTC();
    var homes = new HomeTimelines(cql, settings.getInt("home-cap"));
    var peers =
        settings.getBoolean("sync-when-alone")
            ? Peers.ASSUMED
            : Peers.watch(system, settings.getDuration("peers-margin"));
    var hotHomes = new HotTimelines(homes, peers, settings.getConfig("hot-homes"));
    var hotAuthors =
        new HotTimelines(
            new UserTimelines(userTimelines), peers, settings.getConfig("hot-authors"));
    var deliveriesWritten = new LongAdder();
    var deliveries =
        new Deliveries(
            system, cql, homes, hotHomes, deliveriesWritten, settings.getConfig("deliveries"));
    var celebrities = new Celebrities(cql, relations, settings.getConfig("celebrities"), clock);
    var fanOutSettings = settings.getConfig("fan-out");
    var fanOuts =
        FanOuts.start(
            system,
            FanOut.Tools.prepare(
                cql,
                followers,
                deliveries,
                celebrities,
                fanOutSettings.getInt("page-size"),
                fanOutSettings.getInt("pages-in-flight")),
            fanOutSettings.getDuration("completion-timeout"),
            fanOutSettings.getDuration("resend-after"));
    var popular = new PopularTweets(cql, engagement, views, settings.getConfig("popular"), clock);
    var writer =
        new TimelineWriter(
            tweets,
            userTimelines,
            replies,
            homes,
            hotHomes,
            hotAuthors,
            deliveries,
            fanOuts,
            popular,
            celebrities,
            settings.getInt("follow-backfill"));
    followers.onChange(
        (userId, follower, active, count) -> celebrities.followersChanged(userId, count));
    var homeTimeline =
        new HomeTimelineQuery(hotHomes, hotAuthors, relations, celebrities, views, popular);
    return new Timelines(
        writer, homeTimeline, celebrities, deliveriesWritten, hotHomes, hotAuthors);
  }

  public TimelineWriter writer() {
    return writer;
  }

  public HomeTimelineQuery homeTimeline() {
    return homeTimeline;
  }

  /** The cache of home timelines kept in memory, for {@code /metrics}. */
  public Cache<?, ?> hotHomesCache() {
    return hotHomes.cacheForMetrics();
  }

  /**
   * The cache of authors' own timelines kept in memory (merged into homes), for {@code /metrics}.
   */
  public Cache<?, ?> hotAuthorsCache() {
    return hotAuthors.cacheForMetrics();
  }

  public Celebrities celebrities() {
    return celebrities;
  }

  /** Home timeline rows written (added or removed) by this node's deliveries. */
  public long deliveriesWritten() {
    return deliveriesWritten.sum();
  }
}
