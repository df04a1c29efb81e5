package dev.starling.http.dto;

public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {}
