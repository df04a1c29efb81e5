package dev.starling.http.dto;

import java.util.List;

public record TweetDto(
    String id,
    AuthorDto author,
    String text,
    String createdAt,
    String visibility,
    List<MediaDto> media,
    String replyToId,
    String quoteOfId,
    TweetDto retweetOf,
    List<String> hashtags,
    List<String> mentions,
    List<String> urls,
    long likeCount,
    long retweetCount,
    long replyCount,
    boolean liked,
    boolean retweeted) {}
