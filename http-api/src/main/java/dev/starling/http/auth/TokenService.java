package dev.starling.http.auth;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.starling.common.NodeBroadcast;
import dev.starling.read.store.Cql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Opaque OAuth2 bearer tokens: 256 random bits, of which only the SHA-256 is stored, with the
 * expiry as the row's TTL. Opaque rather than JWT because revocation must take effect at once and a
 * restart must keep sessions: both come from a table lookup.
 *
 * <p>Every token belongs to a <em>family</em>: one sign-in and every pair refreshed from it. A
 * token is valid only while its family's row exists, so deleting that row ends the session, and
 * deleting all of a user's rows signs the user out everywhere. Refresh tokens rotate and are
 * single-use (a lightweight transaction marks them used, so two concurrent refreshes cannot both
 * succeed); presenting a used one again is taken as theft and revokes the whole family (RFC 9700,
 * refresh token rotation). A token's own row never changes, so nodes cache it until it expires.
 * Whether its family is still alive is cached for {@code revocationDelay}; a node that ends
 * sessions tells every other node once the rows are gone ({@link #shareRevocations}: a cluster
 * topic), so the delay only bounds how long a node that missed the message keeps accepting a
 * revoked session.
 */
public final class TokenService {
  public record Grant(
      String accessToken, String refreshToken, long expiresInSeconds, long userId) {}

  private record AccessRow(long userId, Instant expiresAt, String familyId) {}

  /** {@code usedAt}: when {@code used} was last written, in microseconds (its write time). */
  private record RefreshRow(
      long userId, Instant expiresAt, String familyId, boolean used, long usedAt) {}

  /**
   * How long after a refresh token's use another refresh with it may still be that use's concurrent
   * twin rather than a replay (see {@link #refresh}).
   */
  private static final Duration CONCURRENT_USE_BOUND = Duration.ofSeconds(10);

  private record Family(long userId, String familyId) {}

  /**
   * Sessions ended on the node {@code origin}: one family, or when {@code familyId} is null every
   * session of the user.
   */
  public record Revoked(String origin, long userId, String familyId)
      implements NodeBroadcast.Message {}

  private volatile NodeBroadcast<Revoked> revocations;

  private final SecureRandom random = new SecureRandom();
  private final Cql cql;
  private final Clock clock;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final PreparedStatement insertFamily;
  private final PreparedStatement extendFamily;
  private final PreparedStatement selectFamily;
  private final PreparedStatement selectFamilyRefreshed;
  private final PreparedStatement deleteFamily;
  private final PreparedStatement deleteFamilies;
  private final PreparedStatement insertAccess;
  private final PreparedStatement insertRefresh;
  private final PreparedStatement selectAccess;
  private final PreparedStatement selectRefresh;
  private final PreparedStatement useRefresh;
  private final AsyncCache<String, Optional<AccessRow>> accessRows;
  private final AsyncCache<Family, Boolean> liveFamilies;

  public TokenService(
      Cql cql, Clock clock, Duration accessTtl, Duration refreshTtl, Duration revocationDelay) {
    this.cql = cql;
    this.clock = clock;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    insertFamily =
        cql.prepare(
            "INSERT INTO ${keyspace}.token_families (user_id, family_id, created_at, refreshed_at)"
                + " VALUES (?, ?, ?, ?) USING TTL ?");
    extendFamily =
        cql.prepare(
            "UPDATE ${keyspace}.token_families USING TTL ? SET refreshed_at = ? WHERE user_id = ?"
                + " AND family_id = ? IF EXISTS");
    selectFamily =
        cql.prepare(
            "SELECT family_id FROM ${keyspace}.token_families WHERE user_id = ? AND family_id = ?");
    selectFamilyRefreshed =
        cql.prepare(
            "SELECT WRITETIME(refreshed_at) FROM ${keyspace}.token_families WHERE user_id = ? AND"
                + " family_id = ?");
    deleteFamily =
        cql.prepare("DELETE FROM ${keyspace}.token_families WHERE user_id = ? AND family_id = ?");
    deleteFamilies = cql.prepare("DELETE FROM ${keyspace}.token_families WHERE user_id = ?");
    insertAccess =
        cql.prepare(
            "INSERT INTO ${keyspace}.access_tokens (token_hash, user_id, expires_at, family_id)"
                + " VALUES (?, ?, ?, ?) USING TTL ?");
    insertRefresh =
        cql.prepare(
            "INSERT INTO ${keyspace}.refresh_tokens (token_hash, user_id, expires_at, family_id,"
                + " used) VALUES (?, ?, ?, ?, false) USING TTL ?");
    selectAccess =
        cql.prepare(
            "SELECT user_id, expires_at, family_id FROM ${keyspace}.access_tokens WHERE token_hash"
                + " = ?");
    selectRefresh =
        cql.prepare(
            "SELECT user_id, expires_at, family_id, used, WRITETIME(used) FROM"
                + " ${keyspace}.refresh_tokens WHERE token_hash = ?");
    useRefresh =
        cql.prepare(
            "UPDATE ${keyspace}.refresh_tokens USING TTL ? SET used = true WHERE token_hash = ? IF"
                + " used = false");
    accessRows =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(accessTtl).buildAsync();
    liveFamilies =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(revocationDelay).buildAsync();
  }

  /**
   * Tells the other nodes' token services of every revocation made here, and forgets what theirs
   * revoke, over the cluster topic {@code sessions-revoked}. Once per node.
   */
  public void shareRevocations(ActorSystem<?> system) {
    revocations =
        NodeBroadcast.join(
            system,
            "sessions-revoked",
            Revoked.class,
            revoked -> forget(revoked.userId(), revoked.familyId()));
  }

  /** Signs in: a new family and its first pair. */
  public CompletionStage<Grant> issue(long userId) {
    String familyId = newToken();
    Instant now = clock.instant();
    return cql.run(insertFamily, userId, familyId, now, now, seconds(refreshTtl))
        .thenCompose(done -> issueInFamily(userId, familyId, now));
  }

  /** The user an unexpired access token of a live session belongs to. */
  public CompletionStage<Optional<Long>> authenticate(String accessToken) {
    return accessRow(hash(accessToken))
        .thenCompose(
            row -> {
              if (row.isEmpty() || !row.get().expiresAt().isAfter(clock.instant())) {
                return CompletableFuture.completedFuture(Optional.<Long>empty());
              }
              long userId = row.get().userId();
              return isAlive(new Family(userId, row.get().familyId()))
                  .thenApply(alive -> alive ? Optional.of(userId) : Optional.<Long>empty());
            });
  }

  /**
   * Exchanges an unused refresh token for a new pair of the same family; the old refresh token
   * stops working. A refresh token that was already used revokes its family: either the client or a
   * thief holds a stale copy, and only signing in again tells them apart.
   */
  public CompletionStage<Optional<Grant>> refresh(String refreshToken) {
    String key = hash(refreshToken);
    Instant now = clock.instant();
    return cql.one(selectRefresh, TokenService::refreshRow, key)
        .thenCompose(
            found -> {
              if (found.isEmpty()
                  || found.get().familyId() == null
                  || !found.get().expiresAt().isAfter(now)) {
                return none();
              }
              RefreshRow row = found.get();
              Family family = new Family(row.userId(), row.familyId());
              if (row.used()) {
                return replayed(family, row.usedAt(), now);
              }
              int remaining = (int) Math.max(1, Duration.between(now, row.expiresAt()).toSeconds());
              return cql.execute(useRefresh, remaining, key)
                  .thenCompose(
                      used ->
                          used.wasApplied()
                              ? extendAndIssue(family, now)
                              // a concurrent refresh with the same token won: one outcome only
                              : none());
            });
  }

  /**
   * A refresh token presented again after its use. A replay revokes the family; but a refresh sent
   * twice at once (a client retrying, two tabs) must leave its winner standing, and the winner may
   * still be between marking the token used and extending the family. So the family goes only if it
   * was extended after the token's use (the winner finished: this is a later replay), or the use is
   * older than {@link #CONCURRENT_USE_BOUND} (a winner that never finished). Either way the caller
   * gets no new pair.
   */
  private CompletionStage<Optional<Grant>> replayed(Family family, long usedAtMicros, Instant now) {
    return cql.one(
            selectFamilyRefreshed,
            row -> row.isNull(0) ? 0L : row.getLong(0),
            family.userId(),
            family.familyId())
        .thenCompose(
            extendedAtMicros -> {
              if (extendedAtMicros.isEmpty()) {
                return none(); // revoked already
              }
              long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
              boolean winnerStillIssuing =
                  extendedAtMicros.get() < usedAtMicros
                      && nowMicros - usedAtMicros < CONCURRENT_USE_BOUND.toNanos() / 1_000;
              return winnerStillIssuing ? none() : revokeFamily(family).thenCompose(done -> none());
            });
  }

  /**
   * Revokes the session an access or refresh token belongs to (RFC 7009: unknown tokens are not an
   * error): revoking either token of a pair ends both.
   */
  public CompletionStage<Void> revoke(String token) {
    String key = hash(token);
    accessRows.synchronous().invalidate(key);
    return cql.one(selectAccess, TokenService::accessRow, key)
        .thenCompose(
            access ->
                access.isPresent()
                    ? CompletableFuture.completedFuture(
                        Optional.of(new Family(access.get().userId(), access.get().familyId())))
                    : cql.one(selectRefresh, TokenService::refreshRow, key)
                        .thenApply(
                            refresh -> refresh.map(r -> new Family(r.userId(), r.familyId()))))
        .thenCompose(
            family ->
                family.filter(f -> f.familyId() != null).isPresent()
                    ? revokeFamily(family.get())
                    : CompletableFuture.completedFuture(null));
  }

  /** Signs the user out everywhere: every session's tokens stop working. */
  public CompletionStage<Void> revokeAll(long userId) {
    return cql.run(deleteFamilies, userId).thenRun(() -> revoked(userId, null));
  }

  private CompletionStage<Optional<Grant>> extendAndIssue(Family family, Instant now) {
    return cql.execute(extendFamily, seconds(refreshTtl), now, family.userId(), family.familyId())
        .thenCompose(
            extended ->
                extended.wasApplied()
                    ? issueInFamily(family.userId(), family.familyId(), now).thenApply(Optional::of)
                    // revoked between the check and now: the family must not come back
                    : none());
  }

  private CompletionStage<Grant> issueInFamily(long userId, String familyId, Instant now) {
    String access = newToken();
    String refresh = newToken();
    return cql.run(
            insertAccess, hash(access), userId, now.plus(accessTtl), familyId, seconds(accessTtl))
        .thenCompose(
            done ->
                cql.run(
                    insertRefresh,
                    hash(refresh),
                    userId,
                    now.plus(refreshTtl),
                    familyId,
                    seconds(refreshTtl)))
        .thenApply(done -> new Grant(access, refresh, accessTtl.toSeconds(), userId));
  }

  private CompletionStage<Void> revokeFamily(Family family) {
    liveFamilies.synchronous().invalidate(family);
    return cql.run(deleteFamily, family.userId(), family.familyId())
        .thenRun(() -> revoked(family.userId(), family.familyId()));
  }

  /**
   * After the rows are gone: forgotten here and on every other node, so a node that loads the
   * family again finds it dead.
   */
  private void revoked(long userId, String familyId) {
    forget(userId, familyId);
    var broadcast = revocations;
    if (broadcast != null) {
      broadcast.publish(new Revoked(broadcast.origin(), userId, familyId));
    }
  }

  /** Drops one family (or, {@code familyId} null, every family of the user) from the cache. */
  private void forget(long userId, String familyId) {
    if (familyId != null) {
      liveFamilies.synchronous().invalidate(new Family(userId, familyId));
      return;
    }
    liveFamilies
        .synchronous()
        .invalidateAll(
            liveFamilies.asMap().keySet().stream()
                .filter(family -> family.userId() == userId)
                .toList());
  }

  private CompletionStage<Optional<AccessRow>> accessRow(String key) {
    return accessRows
        .get(
            key,
            (k, executor) ->
                cql.one(selectAccess, TokenService::accessRow, k).toCompletableFuture())
        .thenApply(
            row -> {
              if (row.isEmpty()) {
                // issued on another node a moment ago, perhaps: look again next time
                accessRows.synchronous().invalidate(key);
              }
              // tokens from before families existed have none and no longer count
              return row.filter(r -> r.familyId() != null);
            });
  }

  private CompletionStage<Boolean> isAlive(Family family) {
    return liveFamilies.get(
        family,
        (f, executor) ->
            cql.one(selectFamily, row -> true, f.userId(), f.familyId())
                .thenApply(Optional::isPresent)
                .toCompletableFuture());
  }

  private static AccessRow accessRow(Row row) {
    return new AccessRow(row.getLong(0), row.getInstant(1), row.getString(2));
  }

  private static RefreshRow refreshRow(Row row) {
    return new RefreshRow(
        row.getLong(0),
        row.getInstant(1),
        row.getString(2),
        row.getBoolean(3),
        row.isNull(4) ? 0L : row.getLong(4));
  }

  private static CompletionStage<Optional<Grant>> none() {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  private static int seconds(Duration ttl) {
    return (int) ttl.toSeconds();
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String token) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
