package dev.starling.http.dto;

/** A hashtag found by search: {@code name} with its {@code #}. */
public record HashtagDto(String name, long tweetCount) {}
