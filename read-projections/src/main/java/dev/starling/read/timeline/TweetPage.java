package dev.starling.read.timeline;

import java.util.List;

/**
 * A page of tweets and where the next one starts ({@code null} at the end). The cursor is the last
 * id scanned, shown or not, so a page whose tweets were all hidden from the reader still moves on.
 */
public record TweetPage(List<TweetView> items, Long nextCursor) {}
