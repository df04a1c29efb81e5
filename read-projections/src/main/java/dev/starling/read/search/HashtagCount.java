package dev.starling.read.search;

/** A hashtag (lower-case, without {@code #}) and how many live tweets carry it. */
public record HashtagCount(String tag, long tweetCount) {}
