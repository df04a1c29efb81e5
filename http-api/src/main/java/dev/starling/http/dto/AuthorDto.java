package dev.starling.http.dto;

public record AuthorDto(String id, String handle, String displayName) {}
