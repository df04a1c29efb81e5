package dev.starling.app;

import dev.starling.common.Rejection;

/**
 * An application service refused a request: the typed rejection it fails its result with. The HTTP
 * layer maps {@link Rejection.Kind} to a status in one place; nothing here knows HTTP.
 */
public final class Rejected extends RuntimeException {
  private final Rejection rejection;

  public Rejected(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }

  static Rejected invalid(String message) {
    return new Rejected(Rejection.invalid(message));
  }

  static Rejected notFound(String message) {
    return new Rejected(Rejection.notFound(message));
  }

  static Rejected forbidden(String message) {
    return new Rejected(Rejection.forbidden(message));
  }

  static Rejected conflict(String message) {
    return new Rejected(Rejection.conflict(message));
  }
}
