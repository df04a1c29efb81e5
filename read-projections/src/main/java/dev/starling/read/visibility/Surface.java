package dev.starling.read.visibility;

/**
 * Where a tweet is shown. Blocks and followers-only audiences apply everywhere; a mute thins only
 * what the muter is pushed (their home timeline and notifications), not what they look up.
 */
public enum Surface {
  /** A tweet looked up by id, or a tweet someone replies to, quotes, likes or retweets. */
  TWEET(false),
  REPLIES(false),
  USER_TIMELINE(false),
  HOME_TIMELINE(true),
  NOTIFICATIONS(true),
  SEARCH(false);

  private final boolean hidesMuted;

  Surface(boolean hidesMuted) {
    this.hidesMuted = hidesMuted;
  }

  public boolean hidesMuted() {
    return hidesMuted;
  }
}
