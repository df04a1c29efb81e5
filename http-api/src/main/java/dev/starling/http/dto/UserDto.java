package dev.starling.http.dto;

public record UserDto(
    String id,
    String handle,
    String displayName,
    String bio,
    String location,
    String createdAt,
    long followersCount,
    long followingCount,
    long tweetCount) {}
