package dev.parley.runtime;

/**
 * How much {@code log/parley.log} may hold: it rolls at {@code maxBytes} into {@code parley.log.1}
 * .. {@code parley.log.<files>} (the oldest is deleted), and one line repeated more than
 * {@code repeatsPerSecond} times in a second is written that often and then summarized.
 */
record LogLimits(long maxBytes, int files, int repeatsPerSecond) {

    static final LogLimits DEFAULT = new LogLimits(10L * 1024 * 1024, 10, 10);

    LogLimits {
        if (maxBytes < 1 || files < 1 || repeatsPerSecond < 1) {
            throw new IllegalArgumentException("log limits must be positive: " + maxBytes + ", " + files + ", " + repeatsPerSecond);
        }
    }
}
