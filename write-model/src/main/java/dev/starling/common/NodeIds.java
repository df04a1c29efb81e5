package dev.starling.common;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The {@link Snowflake} node id of every member of the cluster, unique by construction: one
 * allocator (a cluster singleton, event sourced so a hand-over keeps every assignment) gives each
 * member incarnation — its address and uid — the lowest id no current member holds, and takes it
 * back only once the member has been removed from the cluster (left, or downed and so terminated by
 * the split-brain resolver). Two live members therefore never share an id, whatever their
 * addresses; a hash of the address could collide.
 */
public final class NodeIds
    extends EventSourcedBehaviorWithEnforcedReplies<NodeIds.Command, NodeIds.Event, NodeIds.State> {

  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("NodeIds");

  public sealed interface Command extends CborSerializable {}

  /** The id of {@code member} (see {@link #memberKey}), assigned now if it has none. */
  public record Allocate(String member, ActorRef<Allocated> replyTo) implements Command {}

  /** {@code nodeId} is -1 when every id is held by a live member. */
  public record Allocated(int nodeId) implements CborSerializable {}

  /** The member has been removed from the cluster: its id is free again. */
  public record MemberRemoved(String member) implements Command {}

  /** After recovery: frees the ids of members that were removed while no allocator ran. */
  private record Reconcile() implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Assigned(String member, int nodeId) implements Event {}

  public record Released(String member) implements Event {}

  public record State(Map<String, Integer> assignments) implements CborSerializable {
    int lowestFree() {
      Set<Integer> taken = new HashSet<>(assignments.values());
      for (int id = 0; id <= Snowflake.MAX_NODE_ID; id++) {
        if (!taken.contains(id)) {
          return id;
        }
      }
      return -1;
    }
  }

  /** How a member incarnation is named: its address and the uid of this incarnation. */
  public static String memberKey(Member member) {
    return member.uniqueAddress().address() + "#" + member.uniqueAddress().longUid();
  }

  /** The allocator of a cluster node, following the cluster's membership. */
  public static Behavior<Command> create() {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          ActorRef<ClusterEvent.MemberRemoved> removals =
              context.messageAdapter(
                  ClusterEvent.MemberRemoved.class, e -> new MemberRemoved(memberKey(e.member())));
          cluster
              .subscriptions()
              .tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
          return new NodeIds(
              context,
              () -> {
                Set<String> members = new HashSet<>();
                cluster.state().getMembers().forEach(m -> members.add(memberKey(m)));
                return members;
              });
        });
  }

  /** An allocator told of removals by whoever sends {@link MemberRemoved} (tests). */
  public static Behavior<Command> create(Supplier<Set<String>> currentMembers) {
    return Behaviors.setup(context -> new NodeIds(context, currentMembers));
  }

  private final ActorContext<Command> context;
  private final Supplier<Set<String>> currentMembers;

  private NodeIds(ActorContext<Command> context, Supplier<Set<String>> currentMembers) {
    super(PERSISTENCE_ID);
    this.context = context;
    this.currentMembers = currentMembers;
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Allocate.class, this::onAllocate)
        .onCommand(MemberRemoved.class, this::onRemoved)
        .onCommand(Reconcile.class, this::onReconcile)
        .build();
  }

  private ReplyEffect<Event, State> onAllocate(State state, Allocate cmd) {
    Integer held = state.assignments().get(cmd.member());
    if (held != null) {
      return Effect().reply(cmd.replyTo(), new Allocated(held));
    }
    int free = state.lowestFree();
    if (free < 0) {
      return Effect().reply(cmd.replyTo(), new Allocated(-1));
    }
    return Effect()
        .persist(new Assigned(cmd.member(), free))
        .thenReply(cmd.replyTo(), s -> new Allocated(free));
  }

  private ReplyEffect<Event, State> onRemoved(State state, MemberRemoved cmd) {
    if (!state.assignments().containsKey(cmd.member())) {
      return Effect().noReply();
    }
    return Effect().persist(new Released(cmd.member())).thenNoReply();
  }

  private ReplyEffect<Event, State> onReconcile(State state, Reconcile cmd) {
    Set<String> members = currentMembers.get();
    var gone =
        state.assignments().keySet().stream()
            .filter(member -> !members.contains(member))
            .map(member -> (Event) new Released(member))
            .collect(Collectors.toList());
    if (gone.isEmpty()) {
      return Effect().noReply();
    }
    return Effect().persist(gone).thenNoReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Assigned.class,
            (state, e) -> {
              var next = new HashMap<>(state.assignments());
              next.put(e.member(), e.nodeId());
              return new State(Map.copyOf(next));
            })
        .onEvent(
            Released.class,
            (state, e) -> {
              var next = new HashMap<>(state.assignments());
              next.remove(e.member());
              return new State(Map.copyOf(next));
            })
        .build();
  }

  /** Assignments come and go with members; a snapshot now and then keeps recovery short. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> context.getSelf().tell(new Reconcile()))
        .build();
  }
}
