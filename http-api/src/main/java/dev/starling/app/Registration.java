package dev.starling.app;

/** A sign-up as the caller asked for it; checked by {@link AccountService#register}. */
public record Registration(
    String handle, String password, String displayName, String bio, String location) {}
