package dev.starling.ops.bench.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeapAfterGcTest {

  @Test
  void readsTheG1Heap() {
    String heapInfo =
        """
        2157:
         garbage-first heap   total 610304K, used 32528K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 3 young (12288K), 1 survivors (4096K)
         Metaspace       used 15538K, committed 15808K, reserved 1114112K
          class space    used 1984K, committed 2112K, reserved 1048576K
        """;

    assertEquals(new HeapAfterGc(32528L * 1024, 610304L * 1024), HeapAfterGc.parse(heapInfo));
  }

  @Test
  void addsTheGenerationsOfTheParallelCollector() {
    String heapInfo =
        """
         PSYoungGen      total 305664K, used 15729K [0x00000000eab00000, 0x0000000100000000)
          eden space 262144K, 6% used [0x00000000eab00000,0x00000000eba5c420,0x00000000fab00000)
         ParOldGen       total 699392K, used 1024K [0x00000000c0000000, 0x00000000eab00000)
         Metaspace       used 3300K, committed 3456K, reserved 1056768K
        """;

    assertEquals(
        new HeapAfterGc((15729L + 1024) * 1024, (305664L + 699392) * 1024),
        HeapAfterGc.parse(heapInfo));
  }

  @Test
  void saysWhatItGotWhenThereIsNoHeapInIt() {
    assertThrows(IllegalStateException.class, () -> HeapAfterGc.parse("1234: no such process"));
  }
}
