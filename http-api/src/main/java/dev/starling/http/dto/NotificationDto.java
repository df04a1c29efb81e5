package dev.starling.http.dto;

public record NotificationDto(
    String id, String type, Actor actor, String tweetId, String createdAt) {
  public record Actor(String id, String handle) {}
}
