package dev.parley.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;

class IdleMemoryTest {

    private static VMOption flag(String name, String value, Origin origin) {
        return new VMOption(name, value, true, origin);
    }

    @Test
    void lowersTheFreeRatiosOfG1MinimumFirst() {
        List<String[]> flags = IdleMemory.heapRatios(flag("UseG1GC", "true", Origin.ERGONOMIC),
                flag("MinHeapFreeRatio", "40", Origin.DEFAULT), flag("MaxHeapFreeRatio", "70", Origin.DEFAULT));
        assertEquals(2, flags.size());
        assertEquals("MinHeapFreeRatio", flags.get(0)[0]);
        assertEquals(String.valueOf(IdleMemory.MIN_HEAP_FREE_PERCENT), flags.get(0)[1]);
        assertEquals("MaxHeapFreeRatio", flags.get(1)[0]);
        assertEquals(String.valueOf(IdleMemory.MAX_HEAP_FREE_PERCENT), flags.get(1)[1]);
    }

    @Test
    void leavesRatiosTheUserChoseAlone() {
        assertTrue(IdleMemory.heapRatios(flag("UseG1GC", "true", Origin.ERGONOMIC),
                flag("MinHeapFreeRatio", "40", Origin.DEFAULT), flag("MaxHeapFreeRatio", "50", Origin.VM_CREATION))
                .isEmpty());
        assertTrue(IdleMemory.heapRatios(flag("UseG1GC", "true", Origin.ERGONOMIC),
                flag("MinHeapFreeRatio", "20", Origin.VM_CREATION), flag("MaxHeapFreeRatio", "70", Origin.DEFAULT))
                .isEmpty());
    }

    @Test
    void leavesOtherCollectorsAlone() {
        assertTrue(IdleMemory.heapRatios(flag("UseG1GC", "false", Origin.VM_CREATION),
                flag("MinHeapFreeRatio", "40", Origin.DEFAULT), flag("MaxHeapFreeRatio", "70", Origin.DEFAULT))
                .isEmpty());
        assertTrue(IdleMemory.heapRatios(null, null, null).isEmpty());
    }
}
