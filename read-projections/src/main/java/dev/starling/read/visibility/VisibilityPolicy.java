package dev.starling.read.visibility;

import dev.starling.read.graph.ReaderRelations;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.util.Optional;

/**
 * The one rule for who may see a tweet; every read path asks it. A reader sees their own tweets. A
 * tweet by someone who blocks the reader or whom the reader blocks is hidden everywhere. A
 * followers-only tweet is shown to the author's followers only. On surfaces that push tweets to the
 * reader (home timeline, notifications) tweets by muted users are hidden too. A retweet is shown
 * only while its original exists and both the retweet and the original pass these rules: a muted or
 * blocked author does not reach the reader through somebody's retweet.
 *
 * <p>Deleted tweets never reach this class: the tweet store answers as if they never existed.
 */
public final class VisibilityPolicy {
  private VisibilityPolicy() {}

  /**
   * @param original the retweeted tweet when {@code tweet} is a retweet, empty if it is gone;
   *     ignored otherwise
   * @param reader must know whether the reader follows the authors of followers-only tweets here
   */
  public static boolean canSee(
      ReaderRelations reader, TweetData tweet, Optional<TweetData> original, Surface surface) {
    if (!tweet.isRetweet()) {
      return canSeeOwnContent(reader, tweet, surface);
    }
    return original.isPresent()
        && canSeeOwnContent(reader, tweet, surface)
        && canSeeOwnContent(reader, original.get(), surface);
  }

  /**
   * Whether a tweet of this visibility may be seen by anyone at all, whatever their relations: what
   * aggregates shown to everyone (trends) may count.
   */
  public static boolean visibleToEveryone(Visibility visibility) {
    return visibility == Visibility.PUBLIC;
  }

  /** Whether the author of {@code tweet} may be asked whether the reader follows them. */
  public static boolean needsFollowCheck(ReaderRelations reader, TweetData tweet) {
    return tweet.visibility() == Visibility.FOLLOWERS && tweet.authorId() != reader.readerId();
  }

  /**
   * Whether something {@code userId} did (a like, a follow, a tweet) may be shown to the reader:
   * not across a block, and not from a muted user on a surface that hides them.
   */
  public static boolean canSeeUser(ReaderRelations reader, long userId, Surface surface) {
    if (userId == reader.readerId()) {
      return true;
    }
    return !reader.blockedEitherWay(userId) && !(surface.hidesMuted() && reader.mutes(userId));
  }

  private static boolean canSeeOwnContent(
      ReaderRelations reader, TweetData tweet, Surface surface) {
    long author = tweet.authorId();
    if (author == reader.readerId()) {
      return true;
    }
    return canSeeUser(reader, author, surface)
        && (visibleToEveryone(tweet.visibility()) || reader.follows(author));
  }
}
