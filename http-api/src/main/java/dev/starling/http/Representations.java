package dev.starling.http;

import dev.starling.http.dto.AuthorDto;
import dev.starling.http.dto.HashtagDto;
import dev.starling.http.dto.MediaDto;
import dev.starling.http.dto.NotificationDto;
import dev.starling.http.dto.PageDto;
import dev.starling.http.dto.TrendsDto;
import dev.starling.http.dto.TweetDto;
import dev.starling.http.dto.UserDto;
import dev.starling.read.accounts.UserPage;
import dev.starling.read.accounts.UserView;
import dev.starling.read.notification.NotificationPage;
import dev.starling.read.notification.NotificationView;
import dev.starling.read.search.HashtagCount;
import dev.starling.read.timeline.TweetPage;
import dev.starling.read.timeline.TweetView;
import dev.starling.read.trends.TrendsView;
import dev.starling.user.Profile;
import java.util.List;

/** The API's JSON shapes of what the read models answer (api.md: User, Tweet, Page, …). */
public final class Representations {
  private Representations() {}

  public static UserDto user(UserView view) {
    var profile = view.profile();
    return new UserDto(
        Long.toString(profile.userId()),
        profile.handle(),
        profile.displayName(),
        profile.bio(),
        profile.location(),
        Json.timestamp(profile.createdAt()),
        view.followersCount(),
        view.followingCount(),
        view.tweetCount());
  }

  /**
   * Where a medium's bytes are served: relative to the API's origin, and unguessable without the
   * bytes (their SHA-256 is part of it).
   */
  public static String mediaUrl(long mediaId, String key) {
    return "/api/v1/media/" + mediaId + "/" + key;
  }

  public static TweetDto tweet(TweetView view) {
    var tweet = view.tweet();
    return new TweetDto(
        Long.toString(tweet.tweetId()),
        new AuthorDto(
            Long.toString(tweet.authorId()),
            view.author().map(Profile::handle).orElse(null),
            view.author().map(Profile::displayName).orElse(null)),
        tweet.text(),
        Json.timestamp(tweet.createdAt()),
        tweet.visibility().wireName(),
        tweet.media().stream()
            .map(
                m ->
                    new MediaDto(
                        Long.toString(m.mediaId()),
                        m.contentType(),
                        mediaUrl(m.mediaId(), m.key())))
            .toList(),
        idOrNull(tweet.replyToId()),
        idOrNull(tweet.quoteOfId()),
        view.retweetOf().map(Representations::tweet).orElse(null),
        tweet.hashtags(),
        tweet.mentions(),
        tweet.urls(),
        view.counts().likes(),
        view.counts().retweets(),
        view.counts().replies(),
        view.flags().liked(),
        view.flags().retweeted());
  }

  public static NotificationDto notification(NotificationView view) {
    var notification = view.notification();
    return new NotificationDto(
        Long.toString(notification.notificationId()),
        notification.type().wireName(),
        new NotificationDto.Actor(
            Long.toString(notification.actorId()), view.actor().map(Profile::handle).orElse(null)),
        idOrNull(notification.tweetId()),
        Json.timestamp(notification.createdAt()));
  }

  public static PageDto<TweetDto> tweets(TweetPage page) {
    return new PageDto<>(
        page.items().stream().map(Representations::tweet).toList(), cursor(page.nextCursor()));
  }

  public static PageDto<UserDto> users(UserPage page) {
    return new PageDto<>(
        page.items().stream().map(Representations::user).toList(), cursor(page.nextCursor()));
  }

  /** Hashtags come as one page: they are ranked by use, which has no stable cursor. */
  public static PageDto<HashtagDto> hashtags(List<HashtagCount> found) {
    return new PageDto<>(
        found.stream().map(tag -> new HashtagDto("#" + tag.tag(), tag.tweetCount())).toList(),
        null);
  }

  public static PageDto<NotificationDto> notifications(NotificationPage page) {
    return new PageDto<>(
        page.items().stream().map(Representations::notification).toList(),
        cursor(page.nextCursor()));
  }

  public static TrendsDto trends(TrendsView view) {
    return new TrendsDto(
        view.geography(),
        Json.timestamp(view.asOf()),
        view.trends().stream()
            .map(trend -> new TrendsDto.Item(trend.name(), trend.tweetCount(), trend.score()))
            .toList());
  }

  private static String cursor(Long next) {
    return next == null ? null : Cursors.encode(next);
  }

  private static String idOrNull(Long id) {
    return id == null ? null : Long.toString(id);
  }
}
