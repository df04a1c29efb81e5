package dev.starling.read.accounts;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.starling.read.store.Cql;
import dev.starling.user.Handle;
import dev.starling.user.Profile;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Active accounts as the read side shows them, by id and by case-insensitive handle. */
public final class UserRepository {
  private final Cql cql;
  private final PreparedStatement insertUser;
  private final PreparedStatement insertHandle;
  private final PreparedStatement selectUser;
  private final PreparedStatement selectUsers;
  private final PreparedStatement selectByHandle;
  private final AsyncLoadingCache<Long, Optional<Profile>> profiles;

  public UserRepository(Cql cql) {
    this.cql = cql;
    insertUser =
        cql.prepare(
            "INSERT INTO ${keyspace}.users (user_id, handle, display_name, bio, location,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?)");
    insertHandle =
        cql.prepare("INSERT INTO ${keyspace}.users_by_handle (handle_key, user_id) VALUES (?, ?)");
    selectUser =
        cql.prepare(
            "SELECT user_id, handle, display_name, bio, location, created_at FROM ${keyspace}.users"
                + " WHERE user_id = ?");
    selectByHandle =
        cql.prepare("SELECT user_id FROM ${keyspace}.users_by_handle WHERE handle_key = ?");
    selectUsers =
        cql.prepare(
            "SELECT user_id, handle, display_name, bio, location, created_at FROM ${keyspace}.users"
                + " WHERE user_id IN ?");
    profiles =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .buildAsync(new BulkLoader());
  }

  public CompletionStage<Void> upsert(Profile profile) {
    return cql.run(
            insertUser,
            profile.userId(),
            profile.handle(),
            profile.displayName(),
            profile.bio(),
            profile.location(),
            profile.createdAt())
        .thenCompose(done -> cql.run(insertHandle, Handle.key(profile.handle()), profile.userId()))
        .thenRun(() -> profiles.synchronous().put(profile.userId(), Optional.of(profile)));
  }

  public CompletionStage<Optional<Profile>> find(long userId) {
    return profiles.get(userId).thenApply(found -> forgetAbsence(userId, found));
  }

  /** Every profile of {@code userIds} this node misses is loaded in one query. */
  public CompletionStage<Map<Long, Optional<Profile>>> findAll(Collection<Long> userIds) {
    return profiles
        .getAll(userIds)
        .thenApply(
            found -> {
              found.forEach(this::forgetAbsence);
              return found;
            });
  }

  /** An account may be activated on another node a moment later: absence is not remembered. */
  private Optional<Profile> forgetAbsence(long userId, Optional<Profile> found) {
    if (found.isEmpty()) {
      profiles.synchronous().invalidate(userId);
    }
    return found;
  }

  public CompletionStage<Optional<Long>> findIdByHandle(String handle) {
    return cql.one(selectByHandle, row -> row.getLong(0), Handle.key(handle));
  }

  private final class BulkLoader implements AsyncCacheLoader<Long, Optional<Profile>> {
    @Override
    public CompletableFuture<Optional<Profile>> asyncLoad(Long userId, Executor executor) {
      return cql.one(selectUser, UserRepository::toProfile, userId).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Map<Long, Optional<Profile>>> asyncLoadAll(
        Set<? extends Long> userIds, Executor executor) {
      return cql.list(selectUsers, UserRepository::toProfile, List.copyOf(userIds))
          .thenApply(
              rows -> {
                Map<Long, Optional<Profile>> found = new HashMap<>();
                userIds.forEach(id -> found.put(id, Optional.empty()));
                rows.forEach(profile -> found.put(profile.userId(), Optional.of(profile)));
                return found;
              })
          .toCompletableFuture();
    }
  }

  private static Profile toProfile(Row row) {
    return new Profile(
        row.getLong("user_id"),
        row.getString("handle"),
        row.getString("display_name"),
        row.getString("bio"),
        row.getString("location"),
        row.getInstant("created_at"));
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return profiles.synchronous();
  }
}
