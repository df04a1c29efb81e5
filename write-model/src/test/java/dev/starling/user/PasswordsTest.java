package dev.starling.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void hashIsArgon2idSaltedAndVerifiable() {
    String hash = Passwords.hash("correct horse");
    assertTrue(hash.startsWith("$argon2id$"), hash);
    assertNotEquals(hash, Passwords.hash("correct horse"));
    assertTrue(Passwords.matches("correct horse", hash));
    assertFalse(Passwords.matches("correct horsE", hash));
  }
}
