package dev.parley.helpdesk.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The non-blocking discipline of the Servlet API, played by a client whose socket takes bytes only when told. */
class EventStreamTest {

    /** An output that is ready only while the test says the client reads, as a container's is. */
    private static final class ClientSocket extends ServletOutputStream {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        WriteListener listener;
        boolean reading = true;
        int flushes;
        boolean broken;

        @Override
        public boolean isReady() {
            return reading;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            this.listener = writeListener;
        }

        @Override
        public void write(int b) throws IOException {
            if (!reading) {
                throw new IllegalStateException("written while not ready: the container would refuse this");
            }
            if (broken) {
                throw new IOException("connection reset");
            }
            received.write(b);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return received.toString(StandardCharsets.UTF_8);
        }

        /** The client reads again: the container calls the listener. */
        void resume() throws IOException {
            reading = true;
            listener.onWritePossible();
        }
    }

    private final ClientSocket socket = new ClientSocket();
    private final AsyncContext context = mock(AsyncContext.class);
    private final AtomicInteger closed = new AtomicInteger();

    private EventStream open(int maxQueuedBytes) throws IOException {
        HttpServletRequest req = mock(HttpServletRequest.class);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(req.startAsync()).thenReturn(context);
        when(resp.getOutputStream()).thenReturn(socket);
        EventStream stream = EventStream.open(req, resp, maxQueuedBytes, ended -> closed.incrementAndGet());
        verify(resp).setContentType("text/event-stream");
        verify(context).setTimeout(0);
        return stream;
    }

    @Test
    void framesGoOutInOrderAndAreFlushed() throws IOException {
        EventStream stream = open(1024);
        assertTrue(stream.send("event: a\n\n"));
        assertTrue(stream.send("event: b\n\n"));
        assertEquals("event: a\n\nevent: b\n\n", socket.text());
        assertTrue(socket.flushes >= 1);
    }

    @Test
    void aClientThatStopsReadingNeverBlocksTheSenderAndGetsTheBacklogWhenItReadsAgain() throws IOException {
        EventStream stream = open(1024);
        socket.reading = false;
        for (int i = 0; i < 10; i++) {
            assertTrue(stream.send("data: " + i + "\n\n")); // returns at once: queued, nothing written
        }
        assertEquals("", socket.text());
        socket.resume();
        assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: 6\n\ndata: 7\n\n"
                + "data: 8\n\ndata: 9\n\n", socket.text());
        assertTrue(stream.isOpen());
    }

    @Test
    void aClientTooFarBehindIsCutOffOnceAndItsBacklogDropped() throws IOException {
        EventStream stream = open(100);
        socket.reading = false;
        String frame = "data: " + "x".repeat(40) + "\n\n"; // 48 bytes
        assertTrue(stream.send(frame));
        assertTrue(stream.send(frame));
        assertFalse(stream.send(frame), "a third frame would put it 144 bytes behind");
        assertFalse(stream.isOpen());
        verify(context).complete();
        assertEquals(1, closed.get());
        assertFalse(stream.send(frame));
        stream.close();
        assertEquals(1, closed.get(), "onClose runs once");
        socket.resume();
        assertEquals("", socket.text(), "the dropped backlog is never written");
    }

    @Test
    void aWriteThatFailsEndsTheStream() throws IOException {
        EventStream stream = open(1024);
        socket.broken = true;
        assertFalse(stream.send("data: 1\n\n"));
        assertEquals(1, closed.get());
    }

    @Test
    void theClientLeavingEndsTheStreamWithoutCompletingItAgain() throws IOException {
        EventStream stream = open(1024);
        var listener = org.mockito.ArgumentCaptor.forClass(jakarta.servlet.AsyncListener.class);
        verify(context).addListener(listener.capture());
        listener.getValue().onComplete(mock(jakarta.servlet.AsyncEvent.class));
        assertFalse(stream.isOpen());
        assertEquals(1, closed.get());
        verify(context, never()).complete();
        assertFalse(stream.send("data: late\n\n"));
        verify(context, never()).dispatch(any(String.class));
    }
}
