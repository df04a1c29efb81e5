package dev.starling.http.dto;

/** The answer to an upload; {@code width}/{@code height} are null when unknown (video). */
public record UploadedMediaDto(
    String id, String contentType, long size, String url, Integer width, Integer height) {}
