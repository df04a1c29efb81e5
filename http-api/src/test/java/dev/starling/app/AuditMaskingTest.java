package dev.starling.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What an audit trail masks: secrets at any depth, and nothing that only looks like one. */
class AuditMaskingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode masked(String json) throws Exception {
    return Audit.masked(MAPPER.readTree(json));
  }

  @Test
  void passwordHashesTokensAndSecretsAreMaskedAtAnyDepth() throws Exception {
    JsonNode event =
        masked(
            "{\"passwordHash\":\"$argon2id$v=19$x\",\"session\":{\"refreshToken\":\"r1\","
                + "\"tokenHash\":\"abc\"},\"keys\":[{\"clientSecret\":\"s\"}],"
                + "\"credentials\":{\"userId\":1}}");
    assertEquals("***", event.get("passwordHash").asText());
    assertEquals("***", event.at("/session/refreshToken").asText());
    assertEquals("***", event.at("/session/tokenHash").asText());
    assertEquals("***", event.at("/keys/0/clientSecret").asText());
    assertEquals("***", event.get("credentials").asText());
  }

  @Test
  void fieldsThatOnlyContainTheWordsStay() throws Exception {
    JsonNode event =
        masked(
            "{\"tweet\":{\"text\":\"my password is long\",\"hashtags\":[\"hash\"]},"
                + "\"ownerId\":7,\"passwordHash\":null}");
    assertEquals("my password is long", event.at("/tweet/text").asText());
    assertEquals("hash", event.at("/tweet/hashtags/0").asText());
    assertEquals(7, event.get("ownerId").asLong());
    assertEquals(true, event.get("passwordHash").isNull(), "an absent secret stays absent");
  }
}
