package dev.parley.sla.internal;

import java.io.ByteArrayOutputStream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/** A servlet output stream that writes into a byte buffer, for tests reading what a servlet or filter wrote. */
public final class CapturedOutput extends ServletOutputStream {

    private final ByteArrayOutputStream target;

    public CapturedOutput(ByteArrayOutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) {
        target.write(b);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        // blocking tests only
    }
}
