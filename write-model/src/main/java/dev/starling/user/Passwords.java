package dev.starling.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes. Hashing is deliberately slow and CPU-bound: callers run it on a
 * blocking dispatcher, never in an actor. The cost is a setting (OWASP's minimum, 19 MiB and 2
 * iterations, by default); a hash records the cost it was made with and is checked with that cost,
 * so raising it later keeps every existing password working.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;
  private static final int PARALLELISM = 1;
  private static final int HASH_BYTES = 32;
  private static final int SALT_BYTES = 16;

  private final Argon2Function argon2id;

  public Passwords(int memoryKib, int iterations) {
    this.argon2id =
        Argon2Function.getInstance(memoryKib, iterations, PARALLELISM, HASH_BYTES, Argon2.ID);
  }

  public String hash(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2id).getResult();
  }

  /**
   * Whether a hash was made with another cost than today's: after a successful check, the caller
   * hashes the password again so the stored hash follows the setting (a raised cost reaches every
   * account that signs in).
   */
  public boolean needsRehash(String hash) {
    Argon2Function madeWith = Argon2Function.getInstanceFromHash(hash);
    return madeWith.getMemory() != argon2id.getMemory()
        || madeWith.getIterations() != argon2id.getIterations()
        || madeWith.getParallelism() != argon2id.getParallelism()
        || madeWith.getOutputLength() != argon2id.getOutputLength()
        || madeWith.getVariant() != argon2id.getVariant();
  }

  public boolean matches(String password, String hash) {
    return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
  }
}
