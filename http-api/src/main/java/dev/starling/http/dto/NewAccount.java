package dev.starling.http.dto;

public record NewAccount(
    String handle, String password, String displayName, String bio, String location) {}
