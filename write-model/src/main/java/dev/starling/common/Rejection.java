package dev.starling.common;

/**
 * Why an aggregate refused a command. The HTTP layer maps each kind to a status code; the aggregate
 * itself knows nothing about HTTP.
 */
public record Rejection(Kind kind, String message) implements CborSerializable {
  public enum Kind {
    INVALID,
    NOT_FOUND,
    FORBIDDEN,
    CONFLICT
  }

  public static Rejection invalid(String message) {
    return new Rejection(Kind.INVALID, message);
  }

  public static Rejection notFound(String message) {
    return new Rejection(Kind.NOT_FOUND, message);
  }

  public static Rejection forbidden(String message) {
    return new Rejection(Kind.FORBIDDEN, message);
  }

  public static Rejection conflict(String message) {
    return new Rejection(Kind.CONFLICT, message);
  }
}
