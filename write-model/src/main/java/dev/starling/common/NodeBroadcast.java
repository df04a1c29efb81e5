package dev.starling.common;

import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Tells every other node of the cluster what this node did, over a Pekko pub-sub topic: for the
 * caches every node keeps, where the node that made a change forgets at once and the others when
 * its message arrives. A node does not hear its own messages. The topic delivers at most once, so
 * whoever relies on it still bounds how long a missed message can matter.
 */
public final class NodeBroadcast<T extends NodeBroadcast.Message> {
  /** A broadcast message names the node that sent it ({@link #origin}). */
  public interface Message extends CborSerializable {
    String origin();
  }

  private final String origin;
  private final ActorRef<Topic.Command<T>> topic;

  private NodeBroadcast(String origin, ActorRef<Topic.Command<T>> topic) {
    this.origin = origin;
    this.topic = topic;
  }

  /**
   * Joins the topic {@code name} (once per node and name): {@code heard} gets every message another
   * node publishes on it, one at a time.
   */
  public static <T extends Message> NodeBroadcast<T> join(
      ActorSystem<?> system, String name, Class<T> type, Consumer<T> heard) {
    String origin = UUID.randomUUID().toString();
    ActorRef<Topic.Command<T>> topic =
        system.systemActorOf(Topic.create(type, name), name + "-topic", Props.empty());
    var listener =
        system.systemActorOf(
            Behaviors.<T>receiveMessage(
                message -> {
                  if (!message.origin().equals(origin)) {
                    heard.accept(message);
                  }
                  return Behaviors.same();
                }),
            name,
            Props.empty());
    topic.tell(Topic.subscribe(listener));
    return new NodeBroadcast<>(origin, topic);
  }

  /** This node's name, for the messages it publishes. */
  public String origin() {
    return origin;
  }

  public void publish(T message) {
    topic.tell(Topic.publish(message));
  }
}
