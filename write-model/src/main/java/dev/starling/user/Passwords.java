package dev.starling.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes (OWASP's minimum: 19 MiB, 2 iterations, 1 lane). Hashing is deliberately
 * slow and CPU-bound: callers run it on a blocking dispatcher, never in an actor.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;
  private static final Argon2Function ARGON2ID =
      Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

  private Passwords() {}

  public static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
  }

  public static boolean matches(String password, String hash) {
    return Password.check(password, hash).with(ARGON2ID);
  }
}
