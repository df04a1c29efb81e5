package dev.starling.read.search;

import dev.starling.read.accounts.UserPage;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.accounts.UserView;
import dev.starling.read.graph.Relations;
import dev.starling.read.timeline.TweetPage;
import dev.starling.read.timeline.TweetView;
import dev.starling.read.timeline.TweetViews;
import dev.starling.read.visibility.Surface;
import dev.starling.read.visibility.VisibilityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Answers searches from the {@link SearchIndex}. The index only finds candidates; what a reader is
 * shown goes the way of every other read: tweets through {@link TweetViews} on {@link
 * Surface#SEARCH} (deleted tweets dropped even before the index hears of it, followers-only tweets
 * to the author and their followers, nothing across a block either way, counts and flags as
 * everywhere), accounts through {@link VisibilityPolicy#canSeeUser}. Mutes do not thin search: a
 * mute quiets what the muter is pushed, while a search is something they asked for (as when they
 * open the muted account's profile). A page is filled from further candidates when some are hidden,
 * for a bounded number of rounds.
 */
public final class SearchQuery {
  /**
   * Rounds of candidates looked at for one page; a page whose candidates are all hidden moves on.
   */
  private static final int MAX_ROUNDS = 5;

  private final SearchIndex index;
  private final TweetViews views;
  private final UserQuery users;
  private final Relations relations;
  private final Executor searching;

  /**
   * @param searching where index lookups run (they block, briefly)
   */
  public SearchQuery(
      SearchIndex index,
      TweetViews views,
      UserQuery users,
      Relations relations,
      Executor searching) {
    this.index = index;
    this.views = views;
    this.users = users;
    this.relations = relations;
    this.searching = searching;
  }

  /** Matching tweets below {@code before}, newest first, as {@code readerId} may see them. */
  public CompletionStage<TweetPage> tweets(
      long readerId, SearchTerms terms, long before, int limit) {
    return authors(terms.fromHandles())
        .thenCompose(
            authors ->
                authors.isEmpty()
                    ? CompletableFuture.completedFuture(new TweetPage(List.of(), null))
                    : tweetPage(
                        readerId,
                        TweetCriteria.of(terms, authors.get()),
                        before,
                        limit,
                        new ArrayList<>(),
                        1));
  }

  /** Accounts whose handle or display name starts with {@code prefix}, newest first. */
  public CompletionStage<UserPage> users(long readerId, String prefix, long before, int limit) {
    return relations
        .of(readerId)
        .thenCompose(
            reader ->
                userPage(
                    prefix,
                    before,
                    limit,
                    id -> VisibilityPolicy.canSeeUser(reader, id, Surface.SEARCH),
                    new ArrayList<>(),
                    1));
  }

  /** Hashtags starting with {@code prefix}, with their live tweet counts, most used first. */
  public CompletionStage<List<HashtagCount>> hashtags(String prefix, int limit) {
    return lookup(() -> index.hashtags(prefix, limit));
  }

  /**
   * The author ids of {@code from:} handles: none means any author; empty when no tweet can match
   * (an unknown handle, or two different authors, since all terms must match).
   */
  private CompletionStage<Optional<List<Long>>> authors(List<String> handles) {
    var resolved =
        handles.stream().distinct().map(h -> users.idByHandle(h).toCompletableFuture()).toList();
    return CompletableFuture.allOf(resolved.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              var ids = resolved.stream().map(CompletableFuture::join).toList();
              if (ids.stream().anyMatch(Optional::isEmpty)
                  || ids.stream().map(Optional::get).distinct().count() > 1) {
                return Optional.empty();
              }
              return Optional.of(ids.stream().map(Optional::get).distinct().toList());
            });
  }

  private CompletionStage<TweetPage> tweetPage(
      long readerId,
      TweetCriteria criteria,
      long before,
      int limit,
      List<TweetView> shown,
      int round) {
    return lookup(() -> index.tweets(criteria, before, limit))
        .thenCompose(
            candidates ->
                views
                    .presentIds(readerId, candidates, Surface.SEARCH)
                    .thenCompose(
                        visible -> {
                          for (var view : visible) {
                            shown.add(view);
                            if (shown.size() == limit) {
                              return done(new TweetPage(shown, view.tweet().tweetId()));
                            }
                          }
                          if (candidates.size() < limit) {
                            return done(new TweetPage(shown, null));
                          }
                          long last = candidates.get(candidates.size() - 1);
                          return round == MAX_ROUNDS
                              ? done(new TweetPage(shown, last))
                              : tweetPage(readerId, criteria, last, limit, shown, round + 1);
                        }));
  }

  private interface Visible {
    boolean test(long userId);
  }

  private CompletionStage<UserPage> userPage(
      String prefix, long before, int limit, Visible visible, List<UserView> shown, int round) {
    return lookup(() -> index.users(prefix, before, limit))
        .thenCompose(
            candidates ->
                users
                    .byIds(candidates.stream().filter(visible::test).toList())
                    .thenCompose(
                        found -> {
                          for (var view : found) {
                            shown.add(view);
                            if (shown.size() == limit) {
                              return done(new UserPage(shown, view.profile().userId()));
                            }
                          }
                          if (candidates.size() < limit) {
                            return done(new UserPage(shown, null));
                          }
                          long last = candidates.get(candidates.size() - 1);
                          return round == MAX_ROUNDS
                              ? done(new UserPage(shown, last))
                              : userPage(prefix, last, limit, visible, shown, round + 1);
                        }));
  }

  private <T> CompletionStage<T> lookup(Supplier<T> search) {
    return CompletableFuture.supplyAsync(search, searching);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
