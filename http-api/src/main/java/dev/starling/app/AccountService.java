package dev.starling.app;

import dev.starling.common.CountryCode;
import dev.starling.common.Outcome;
import dev.starling.common.Snowflake;
import dev.starling.read.projection.ReadSide;
import dev.starling.user.Handle;
import dev.starling.user.Passwords;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Sign-up and sign-in. Sign-up creates the account pending, claims the handle in the handle's own
 * entity (the only arbiter of uniqueness), then activates the account — or abandons it when someone
 * else holds the handle.
 */
public final class AccountService {
  private static final Pattern HANDLE = Pattern.compile("^[A-Za-z0-9_]{1,15}$");
  private static final int MAX_DISPLAY_NAME = 50;
  private static final int MAX_BIO = 160;

  private final Entities entities;
  private final ReadSide readSide;
  private final Snowflake ids;
  private final Clock clock;
  private final Executor blocking;
  private final Passwords passwords;

  /**
   * @param blocking where password hashes are computed, off the actors' threads
   */
  public AccountService(
      Entities entities,
      ReadSide readSide,
      Snowflake ids,
      Clock clock,
      Executor blocking,
      Passwords passwords) {
    this.entities = entities;
    this.readSide = readSide;
    this.ids = ids;
    this.clock = clock;
    this.blocking = blocking;
    this.passwords = passwords;
  }

  public CompletionStage<Profile> register(Registration request) {
    try {
      validate(request);
    } catch (Rejected invalid) {
      return CompletableFuture.failedFuture(invalid);
    }
    long userId = ids.next();
    var profile =
        new Profile(
            userId,
            request.handle(),
            blankToNull(request.displayName()),
            blankToNull(request.bio()),
            CountryCode.parse(request.location()).orElse(null),
            clock.instant());
    return CompletableFuture.supplyAsync(() -> passwords.hash(request.password()), blocking)
        .thenCompose(
            hash ->
                entities.<User.Command, Outcome<Profile>>ask(
                    User.ENTITY_KEY,
                    Long.toString(userId),
                    r -> new User.Register(profile, hash, r)))
        .thenCompose(Outcomes::accepted)
        .thenCompose(
            registered ->
                entities.<Handle.Command, Handle.ClaimResult>ask(
                    Handle.ENTITY_KEY,
                    Handle.key(profile.handle()),
                    r -> new Handle.Claim(userId, r)))
        .thenCompose(
            claim -> {
              if (claim instanceof Handle.Taken) {
                return entities
                    .<User.Command, Outcome<User.Status>>ask(
                        User.ENTITY_KEY, Long.toString(userId), User.Abandon::new)
                    .thenApply(
                        abandoned -> {
                          throw Rejected.conflict(
                              "handle '" + profile.handle() + "' is already taken");
                        });
              }
              return entities
                  .<User.Command, Outcome<Profile>>ask(
                      User.ENTITY_KEY, Long.toString(userId), User.Activate::new)
                  .thenCompose(Outcomes::accepted)
                  .thenCompose(
                      active ->
                          readSide
                              .accountsUpdater()
                              .apply(new User.Activated(active))
                              .thenApply(done -> active));
            });
  }

  /** The account's id when {@code password} is right for {@code handle}. */
  public CompletionStage<Optional<Long>> authenticate(String handle, String password) {
    return readSide
        .users()
        .idByHandle(handle)
        .thenCompose(
            userId ->
                userId.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<User.Credentials>empty())
                    : entities.<User.Command, Optional<User.Credentials>>ask(
                        User.ENTITY_KEY, Long.toString(userId.get()), User.GetCredentials::new))
        .thenComposeAsync(
            credentials ->
                CompletableFuture.completedFuture(
                    credentials
                        .filter(c -> passwords.matches(password, c.passwordHash()))
                        .map(User.Credentials::userId)),
            blocking);
  }

  private static void validate(Registration request) {
    if (request.handle() == null || !HANDLE.matcher(request.handle()).matches()) {
      throw Rejected.invalid("handle must be 1 to 15 letters, digits or underscores");
    }
    if (request.password() == null
        || request.password().length() < Passwords.MIN_LENGTH
        || request.password().length() > Passwords.MAX_LENGTH) {
      throw Rejected.invalid(
          "password must be "
              + Passwords.MIN_LENGTH
              + " to "
              + Passwords.MAX_LENGTH
              + " characters");
    }
    if (request.displayName() != null && request.displayName().length() > MAX_DISPLAY_NAME) {
      throw Rejected.invalid("display_name is longer than " + MAX_DISPLAY_NAME + " characters");
    }
    if (request.bio() != null && request.bio().length() > MAX_BIO) {
      throw Rejected.invalid("bio is longer than " + MAX_BIO + " characters");
    }
    if (request.location() != null && CountryCode.parse(request.location()).isEmpty()) {
      throw Rejected.invalid("location must be an ISO 3166-1 alpha-2 country code");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
