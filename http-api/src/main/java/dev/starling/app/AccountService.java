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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  private final PasswordWork passwordWork;
  private final Duration pendingSignUpExpiry;
  private final Passwords passwords;
  // checked against when the handle is unknown, so a login for an unknown handle takes as long as
  // one with a wrong password and timing tells nobody which handles exist
  private final String unknownUserHash;

  /**
   * @param passwordWork where password hashes are computed, off the actors' threads, bounded
   */
  public AccountService(
      Entities entities,
      ReadSide readSide,
      Snowflake ids,
      Clock clock,
      PasswordWork passwordWork,
      Passwords passwords,
      Duration pendingSignUpExpiry) {
    this.entities = entities;
    this.readSide = readSide;
    this.ids = ids;
    this.clock = clock;
    this.passwordWork = passwordWork;
    this.pendingSignUpExpiry = pendingSignUpExpiry;
    this.passwords = passwords;
    this.unknownUserHash = passwords.hash(UUID.randomUUID().toString());
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
    // a taken handle is refused before the expensive hash (the Handle entity still decides races)
    return readSide
        .users()
        .idByHandle(request.handle())
        .thenCompose(
            owner ->
                owner.isPresent()
                    ? CompletableFuture.<String>failedFuture(taken(request.handle()))
                    : passwordWork.run(() -> passwords.hash(request.password())))
        .thenCompose(
            hash ->
                entities.<User.Command, Outcome<Profile>>ask(
                    User.ENTITY_KEY,
                    Long.toString(userId),
                    r -> new User.Register(profile, hash, r)))
        .thenCompose(Outcomes::accepted)
        .thenCompose(registered -> claim(profile.handle(), userId))
        .thenCompose(
            claim -> {
              if (claim instanceof Handle.Taken taken) {
                return reclaimFromStaleSignUp(profile.handle(), taken.ownerId(), userId);
              }
              return CompletableFuture.completedFuture(claim);
            })
        .thenCompose(
            claim -> {
              if (claim instanceof Handle.Taken) {
                return entities
                    .<User.Command, Outcome<User.Status>>ask(
                        User.ENTITY_KEY, Long.toString(userId), User.Abandon::new)
                    .thenApply(
                        abandoned -> {
                          throw taken(profile.handle());
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

  private CompletionStage<Handle.ClaimResult> claim(String handle, long userId) {
    return entities.<Handle.Command, Handle.ClaimResult>ask(
        Handle.ENTITY_KEY, Handle.key(handle), r -> new Handle.Claim(userId, r));
  }

  /**
   * A handle held by an account that never left {@code PENDING} — a sign-up whose node failed
   * between claiming the handle and activating the account — is released to the new sign-up once
   * that account is older than {@code pendingSignUpExpiry}: the old account is abandoned first, so
   * a late activation of it can no longer succeed.
   */
  private CompletionStage<Handle.ClaimResult> reclaimFromStaleSignUp(
      String handle, long ownerId, long userId) {
    Instant cutoff = clock.instant().minus(pendingSignUpExpiry);
    return entities
        .<User.Command, Outcome<User.Status>>ask(
            User.ENTITY_KEY, Long.toString(ownerId), r -> new User.AbandonIfStale(cutoff, r))
        .thenCompose(
            abandoned -> {
              if (!(abandoned instanceof Outcome.Accepted)) {
                return CompletableFuture.completedFuture(new Handle.Taken(ownerId));
              }
              return entities
                  .<Handle.Command, Handle.Released>ask(
                      Handle.ENTITY_KEY, Handle.key(handle), r -> new Handle.Release(ownerId, r))
                  .thenCompose(released -> claim(handle, userId));
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
        .thenCompose(
            credentials ->
                passwordWork
                    .run(
                        () ->
                            passwords.matches(
                                password,
                                credentials
                                    .map(User.Credentials::passwordHash)
                                    .orElse(unknownUserHash)))
                    .thenCompose(
                        matches -> {
                          if (!matches || credentials.isEmpty()) {
                            return CompletableFuture.completedFuture(Optional.<Long>empty());
                          }
                          User.Credentials found = credentials.get();
                          return passwords.needsRehash(found.passwordHash())
                              ? rehash(found, password)
                                  .thenApply(done -> Optional.of(found.userId()))
                              : CompletableFuture.completedFuture(Optional.of(found.userId()));
                        }));
  }

  /**
   * Stores the password hashed at today's cost; the sign-in succeeds whatever happens here (the
   * next one tries again).
   */
  private CompletionStage<Void> rehash(User.Credentials credentials, String password) {
    return passwordWork
        .run(() -> passwords.hash(password))
        .thenCompose(
            newHash ->
                entities.<User.Command, Outcome<User.Credentials>>ask(
                    User.ENTITY_KEY,
                    Long.toString(credentials.userId()),
                    replyTo ->
                        new User.RehashPassword(credentials.passwordHash(), newHash, replyTo)))
        .<Void>handle((outcome, failure) -> null);
  }

  private static Rejected taken(String handle) {
    return Rejected.conflict("handle '" + handle + "' is already taken");
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
    rejectBidiControls("display_name", request.displayName());
    rejectBidiControls("bio", request.bio());
  }

  /**
   * Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) let a name shown next to
   * others reorder what surrounds it — the classic way to impersonate in a list of names. Ordinary
   * right-to-left text needs none of them.
   */
  private static void rejectBidiControls(String field, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        throw Rejected.invalid(
            field
                + " must not contain bidirectional control characters (U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + ")");
      }
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
