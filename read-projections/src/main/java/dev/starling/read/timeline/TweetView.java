package dev.starling.read.timeline;

import dev.starling.read.engagement.TweetCounts;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import java.util.Optional;

/**
 * A tweet as one reader sees it: its author, its counts and what the reader did to it. A retweet
 * carries its original in {@code retweetOf} and shows the original's counts and flags, as clients
 * expect.
 */
public record TweetView(
    TweetData tweet,
    Optional<Profile> author,
    TweetCounts.Counts counts,
    TweetCounts.Flags flags,
    Optional<TweetView> retweetOf) {}
