package dev.starling.http.dto;

import java.util.List;

/** Ids arrive as decimal strings (64-bit ids do not survive JavaScript numbers). */
public record NewTweet(
    String text,
    List<String> mediaIds,
    String visibility,
    String replyToId,
    String quoteOfId,
    String place,
    String userId) {}
