package dev.starling.read.trends;

/**
 * A trending hashtag in one geography.
 *
 * @param name the tag with its {@code #}, lower case
 * @param tweetCount tweets carrying it in the current window
 * @param accounts distinct accounts that posted them
 * @param score its rise over its own baseline (docs/architecture.md, Trends)
 */
public record Trend(String name, int tweetCount, int accounts, double score) {}
