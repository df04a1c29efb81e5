package dev.starling.read.store;

/**
 * A read-model write that the store did not confirm (timed out, overloaded, down). Nothing is known
 * about whether it landed, and retrying it is safe: every read-model write is idempotent.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message) {
    super(message);
  }
}
