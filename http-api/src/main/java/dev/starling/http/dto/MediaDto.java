package dev.starling.http.dto;

public record MediaDto(String id, String contentType, String url) {}
