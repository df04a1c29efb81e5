package dev.starling.read.timeline;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Whether another node may have written timelines lately. A node alone in its cluster made every
 * write since its last peer left, and saw each one as it made it; so from {@code margin} after that
 * (the peer's statements still in flight, or a peer it had not heard of yet when it started) what
 * it keeps in memory needs no reading back from the store.
 */
final class Peers {
  /**
   * Peers that are never trusted to be absent (a margin no time exceeds): every sync runs, as with
   * {@code sync-when-alone = on}.
   */
  static final Peers ASSUMED = new Peers(Duration.ofNanos(Long.MAX_VALUE));

  /** A cluster this node is alone in from its start on (tests). */
  static Peers none() {
    return new Peers(Duration.ZERO);
  }

  private final long marginNanos;
  private final Set<UniqueAddress> others = ConcurrentHashMap.newKeySet();
  // when another member was last known to be in the cluster; the start counts as such a moment
  private volatile long lastSeenNanos = System.nanoTime();

  private Peers(Duration margin) {
    this.marginNanos = margin.toNanos();
  }

  /** Follows the cluster's members from now on. */
  static Peers watch(ActorSystem<?> system, Duration margin) {
    var peers = new Peers(margin);
    var cluster = Cluster.get(system);
    system.systemActorOf(
        Behaviors.<ClusterEvent.MemberEvent>setup(
            context -> {
              cluster
                  .subscriptions()
                  .tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberEvent.class));
              UniqueAddress self = cluster.selfMember().uniqueAddress();
              return Behaviors.receiveMessage(
                  event -> {
                    var member = event.member().uniqueAddress();
                    if (!member.equals(self)) {
                      if (event instanceof ClusterEvent.MemberRemoved) {
                        peers.others.remove(member);
                      } else {
                        peers.others.add(member);
                      }
                      peers.lastSeenNanos = System.nanoTime();
                    }
                    return Behaviors.same();
                  });
            }),
        "timeline-peers",
        Props.empty());
    return peers;
  }

  /**
   * True when no other member has been in the cluster since {@code margin} before {@code nanoTime}
   * (a {@link System#nanoTime} reading): every timeline write after that was this node's.
   */
  boolean noneSince(long nanoTime) {
    return others.isEmpty() && nanoTime - lastSeenNanos > marginNanos;
  }
}
