package dev.starling.read.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeographyTest {
  @Test
  void globalAndCountryCodesInAnyCaseAreNormalised() {
    assertEquals(Optional.of("global"), Geography.parse("GLOBAL"));
    assertEquals(Optional.of("US"), Geography.parse("us"));
    assertEquals(Optional.of("DE"), Geography.parse("De"));
  }

  @Test
  void anythingElseIsNoGeography() {
    assertEquals(Optional.empty(), Geography.parse("USA"));
    assertEquals(Optional.empty(), Geography.parse("XX"));
    assertEquals(Optional.empty(), Geography.parse(""));
    assertEquals(Optional.empty(), Geography.parse(null));
  }
}
