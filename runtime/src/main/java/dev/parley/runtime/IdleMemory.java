package dev.parley.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Gives back the memory that booting needed and idling does not. Starting the framework and the
 * bundles allocates about 90 MB of heap that is garbage once Parley is ready, and G1 keeps that heap
 * committed (its default {@code MaxHeapFreeRatio} of 70% lets a 20 MB live set keep 70 MB or more);
 * glibc keeps the native memory freed by the JIT and class loading in its arenas. So, shortly after
 * ready: with G1 and heap ratios nobody chose, the free ratios are lowered through their
 * {@code manageable} flags, one full collection shrinks the heap to them, and the native heap is
 * trimmed ({@code System.trim_native_heap}, the diagnostic command behind the JDK's own
 * {@code -XX:TrimNativeHeapInterval}); the trim is repeated every few minutes. Under load the heap
 * grows again as G1 sees fit: the lower ratios only decide what a full collection gives back.
 * Every step is skipped where the JVM does not offer it (another collector, another libc); ZGC
 * gives back unused heap by itself ({@code ZUncommitDelay}).
 */
final class IdleMemory {

    static final int MIN_HEAP_FREE_PERCENT = 10;
    static final int MAX_HEAP_FREE_PERCENT = 20;
    private static final long SETTLE_SECONDS = 2;
    private static final long TRIM_EVERY_MINUTES = 5;

    private final HotSpotDiagnosticMXBean hotspot;
    private final MBeanServer server;

    IdleMemory() {
        this.hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        this.server = ManagementFactory.getPlatformMBeanServer();
    }

    /** Schedules the clean-up after ready and the periodic trims on {@code ticks} (a daemon thread). */
    void scheduleOn(ScheduledExecutorService ticks) {
        ticks.schedule(this::afterReady, SETTLE_SECONDS, TimeUnit.SECONDS);
        ticks.scheduleWithFixedDelay(this::trimNativeHeap, TRIM_EVERY_MINUTES, TRIM_EVERY_MINUTES, TimeUnit.MINUTES);
    }

    void afterReady() {
        VMOption g1 = option("UseG1GC");
        if (g1 != null && "true".equals(g1.getValue())) {
            try {
                for (String[] flag : heapRatios(g1, option("MinHeapFreeRatio"), option("MaxHeapFreeRatio"))) {
                    hotspot.setVMOption(flag[0], flag[1]);
                }
            } catch (IllegalArgumentException | SecurityException e) {
                // flags this JVM does not let us set: its own sizing stands
            }
            // G1 shrinks the heap to the ratios at a full collection; ZGC would only relocate into fresh memory here
            System.gc(); // a no-op under -XX:+DisableExplicitGC, as its user asked
        }
        trimNativeHeap();
    }

    /**
     * The heap ratio flags to set, in an order each step of which is valid (the minimum may not
     * exceed the maximum): none unless G1 runs and neither ratio was set by the user.
     */
    static List<String[]> heapRatios(VMOption useG1, VMOption minFree, VMOption maxFree) {
        List<String[]> flags = new ArrayList<>();
        if (useG1 == null || !"true".equals(useG1.getValue()) || minFree == null || maxFree == null
                || minFree.getOrigin() != VMOption.Origin.DEFAULT || maxFree.getOrigin() != VMOption.Origin.DEFAULT) {
            return flags;
        }
        flags.add(new String[] {"MinHeapFreeRatio", String.valueOf(MIN_HEAP_FREE_PERCENT)});
        flags.add(new String[] {"MaxHeapFreeRatio", String.valueOf(MAX_HEAP_FREE_PERCENT)});
        return flags;
    }

    void trimNativeHeap() {
        try {
            server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException | RuntimeException e) {
            // not offered by this JVM or libc: nothing to give back this way
        }
    }

    private VMOption option(String name) {
        try {
            return hotspot.getVMOption(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
