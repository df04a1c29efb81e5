package dev.starling.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords owaspMinimum = new Passwords(19 * 1024, 2);

  @Test
  void hashIsArgon2idSaltedAndVerifiable() {
    String hash = owaspMinimum.hash("correct horse");
    assertTrue(hash.startsWith("$argon2id$"), hash);
    assertTrue(hash.contains("m=19456,t=2,p=1"), hash);
    assertNotEquals(hash, owaspMinimum.hash("correct horse"));
    assertTrue(owaspMinimum.matches("correct horse", hash));
    assertFalse(owaspMinimum.matches("correct horsE", hash));
  }

  @Test
  void aHashMadeAtAnotherCostStillMatchesAfterTheCostChanged() {
    String cheaper = new Passwords(1024, 1).hash("battery staple");
    assertTrue(owaspMinimum.matches("battery staple", cheaper));
    assertFalse(owaspMinimum.matches("battery stapler", cheaper));
  }

  @Test
  void onlyAHashMadeAtAnotherCostNeedsRehashing() {
    String cheaper = new Passwords(1024, 1).hash("battery staple");
    assertTrue(owaspMinimum.needsRehash(cheaper));
    assertFalse(owaspMinimum.needsRehash(owaspMinimum.hash("battery staple")));
    assertTrue(new Passwords(1024, 2).needsRehash(cheaper));
  }
}
