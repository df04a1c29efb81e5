package dev.starling.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Lets {@link Handle.HandleClaimed} events journaled before version 2, when the owner was called
 * {@code userId}, be read as the current class. Registered in reference.conf under {@code
 * pekko.serialization.jackson.migrations}; see docs/event-versioning.md.
 */
public final class HandleClaimedMigration extends JacksonMigration {

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    var event = (ObjectNode) json;
    if (fromVersion < 2) {
      event.set("ownerId", event.remove("userId"));
    }
    return event;
  }
}
