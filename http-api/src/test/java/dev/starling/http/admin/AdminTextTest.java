package dev.starling.http.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.read.projection.InstanceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTextTest {
  private static InstanceStatus running(String projection, String instance, long lag) {
    return new InstanceStatus(
        projection,
        instance,
        InstanceStatus.State.RUNNING,
        Optional.empty(),
        Optional.empty(),
        new InstanceStatus.Lag(lag, Duration.ZERO, false),
        Optional.empty(),
        List.of());
  }

  @Test
  void theProjectionsTableKeepsItsColumnsAlignedWhateverTheLengthOfTheNames() {
    String table =
        AdminText.projections(
            List.of(
                running("users", "user-0", 3),
                running("notifications-relationships", "relationship-12", 12345)));
    var lines = table.lines().toList();
    assertEquals(3, lines.size(), table);
    int state = lines.get(0).indexOf("STATE");
    int lag = lines.get(0).indexOf("LAG (s)");
    for (String line : lines.subList(1, 3)) {
      assertEquals(state, line.indexOf("running"), table);
      assertEquals(lag + "LAG (s)".length(), line.indexOf("0.0") + "0.0".length(), table);
    }
  }
}
