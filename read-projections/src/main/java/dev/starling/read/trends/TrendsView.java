package dev.starling.read.trends;

import java.time.Instant;
import java.util.List;

/** The trends of one geography at one moment, highest score first. */
public record TrendsView(String geography, Instant asOf, List<Trend> trends) {}
