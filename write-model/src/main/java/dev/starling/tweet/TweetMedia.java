package dev.starling.tweet;

import dev.starling.common.CborSerializable;

/**
 * A medium attached to a tweet, as the tweet keeps it: enough to show it without asking the medium
 * ({@code key} is the hex SHA-256 naming its bytes in the media store).
 */
public record TweetMedia(long mediaId, String contentType, String key)
    implements CborSerializable {}
