package dev.starling.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.testing.AggregateTestKit;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Profile ALICE =
      new Profile(42L, "Alice", "Alice A.", "hi", "US", Instant.parse("2026-11-25T12:00:00Z"));

  private EventSourcedBehaviorTestKit<User.Command, User.Event, User.State> user;

  @BeforeEach
  void setUp() {
    user =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), User.create("42", "user-0", RetentionCriteria.snapshotEvery(2, 1)));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          User.Command, User.Event, User.State, Outcome<Profile>>
      register() {
    return user.runCommand(r -> new User.Register(ALICE, "hash", r));
  }

  @Test
  void registeredAccountStaysPendingAndCannotSignInUntilActivated() {
    var result = register();
    assertEquals(new User.Registered(ALICE, "hash"), result.event());
    assertEquals(User.Status.PENDING, result.state().status());

    var credentials = user.<Optional<User.Credentials>>runCommand(User.GetCredentials::new);
    assertEquals(Optional.empty(), credentials.reply());
  }

  @Test
  void activationPublishesTheWholeProfileAndEnablesSignIn() {
    register();
    var activated = user.<Outcome<Profile>>runCommand(User.Activate::new);
    assertEquals(new User.Activated(ALICE), activated.event());
    assertEquals(Outcome.accepted(ALICE), activated.reply());

    var credentials = user.<Optional<User.Credentials>>runCommand(User.GetCredentials::new);
    assertEquals(Optional.of(new User.Credentials(42L, "hash")), credentials.reply());
  }

  @Test
  void activatingTwiceWritesOneEvent() {
    register();
    user.<Outcome<Profile>>runCommand(User.Activate::new);
    var again = user.<Outcome<Profile>>runCommand(User.Activate::new);
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.accepted(ALICE), again.reply());
  }

  @Test
  void abandonedAccountCanNeverBeActivated() {
    register();
    var abandoned = user.<Outcome<User.Status>>runCommand(User.Abandon::new);
    assertEquals(new User.Abandoned(42L), abandoned.event());

    var activate = user.<Outcome<Profile>>runCommand(User.Activate::new);
    assertTrue(activate.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, activate.reply());
    assertEquals(Rejection.Kind.NOT_FOUND, rejected.rejection().kind());
  }

  @Test
  void registeringADifferentProfileUnderAnExistingIdIsRejected() {
    register();
    var other =
        new Profile(42L, "Mallory", null, null, null, Instant.parse("2026-11-25T12:00:01Z"));
    var result = user.<Outcome<Profile>>runCommand(r -> new User.Register(other, "x", r));
    assertTrue(result.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply());
    assertEquals(Rejection.Kind.CONFLICT, rejected.rejection().kind());
  }

  @Test
  void stateRecoveredFromSnapshotAndEventsEqualsTheStateBeforeRestart() {
    register();
    var before = user.<Outcome<Profile>>runCommand(User.Activate::new).state();
    assertEquals(before, user.restart().state());
  }

  @Test
  void rehashReplacesTheHashOfAnActiveAccountThatStillHasTheOldOne() {
    register();
    user.<Outcome<Profile>>runCommand(User.Activate::new);
    var rehashed =
        user.<Outcome<User.Credentials>>runCommand(
            r -> new User.RehashPassword("hash", "stronger hash", r));
    assertEquals(new User.PasswordRehashed(42L, "stronger hash"), rehashed.event());
    var credentials = user.<Optional<User.Credentials>>runCommand(User.GetCredentials::new);
    assertEquals(Optional.of(new User.Credentials(42L, "stronger hash")), credentials.reply());
  }

  @Test
  void rehashOfAHashThatChangedMeanwhileChangesNothing() {
    register();
    user.<Outcome<Profile>>runCommand(User.Activate::new);
    var stale =
        user.<Outcome<User.Credentials>>runCommand(
            r -> new User.RehashPassword("an older hash", "stronger hash", r));
    assertTrue(stale.hasNoEvents());
    assertInstanceOf(Outcome.Rejected.class, stale.reply());
  }

  @Test
  void onlyAPendingAccountOlderThanTheCutoffIsAbandonedAsStale() {
    register();
    Instant created = ALICE.createdAt();
    var inProgress =
        user.<Outcome<User.Status>>runCommand(
            r -> new User.AbandonIfStale(created.minusSeconds(1), r));
    assertTrue(inProgress.hasNoEvents());
    assertInstanceOf(Outcome.Rejected.class, inProgress.reply());

    var stale =
        user.<Outcome<User.Status>>runCommand(
            r -> new User.AbandonIfStale(created.plusSeconds(1), r));
    assertEquals(new User.Abandoned(42L), stale.event());
    assertInstanceOf(
        Outcome.Rejected.class, user.<Outcome<Profile>>runCommand(User.Activate::new).reply());
  }

  @Test
  void anActiveAccountIsNeverAbandonedAsStale() {
    register();
    user.<Outcome<Profile>>runCommand(User.Activate::new);
    var result =
        user.<Outcome<User.Status>>runCommand(
            r -> new User.AbandonIfStale(Instant.parse("2099-01-01T00:00:00Z"), r));
    assertTrue(result.hasNoEvents());
    assertInstanceOf(Outcome.Rejected.class, result.reply());
  }
}
