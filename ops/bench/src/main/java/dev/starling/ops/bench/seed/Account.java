package dev.starling.ops.bench.seed;

/** A seeded account and the bearer token the benchmark acts with. */
public record Account(String handle, long id, String accessToken) {}
