package io.socketwatch.agent.instrument;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;

/** Stands in for a JDK socket class: one method of each hooked shape, woven by {@link HookWeaverTest}. */
public class WovenTarget {

    public Throwable toThrow;
    public int closes;

    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (toThrow != null) {
            throw sneaky(toThrow);
        }
        return length;
    }

    /** Its own handler turns an IOException into -1: the hook must not see it, the caller must get -1. */
    public int write(byte[] buffer, int offset, int length) {
        try {
            if (toThrow != null) {
                throw WovenTarget.<IOException>sneaky(toThrow);
            }
            return length;
        } catch (IOException handledHere) {
            return -1;
        }
    }

    public void connect(SocketAddress remote, int millis) throws IOException {
        if (toThrow != null) {
            throw sneaky(toThrow);
        }
    }

    public boolean connect(SocketAddress remote) throws IOException {
        if (toThrow != null) {
            throw sneaky(toThrow);
        }
        return remote != null;
    }

    public boolean finishConnect() {
        return toThrow == null;
    }

    public void accept(SocketImpl accepted) throws IOException {
        if (toThrow != null) {
            throw sneaky(toThrow);
        }
    }

    public Object accept() {
        return toThrow == null ? "accepted" : null;
    }

    public void close() {
        closes++;
    }

    public Object lastOption;

    /** SocketImpl.setOption(int, Object): returns nothing. */
    public void setOption(int option, Object value) {
        lastOption = option + "=" + value;
    }

    /** SocketChannel.setOption(SocketOption, T): returns the channel, which must stay what the caller gets. */
    public WovenTarget setOption(java.net.SocketOption<?> option, Object value) {
        lastOption = option + "=" + value;
        return this;
    }

    /** A long parameter after others: the handler's frame must describe it right (JDK 17+ blockingRead). */
    public int blockingRead(byte[] buffer, int offset, int length, long nanos) throws IOException {
        long deadline = nanos + 1;
        if (toThrow != null && deadline > 0) {
            throw sneaky(toThrow);
        }
        return length;
    }

    /** A scattering read returning long (SocketChannelImpl.read(ByteBuffer[], int, int)); -1 at end-of-stream. */
    public long read(java.nio.ByteBuffer[] buffers, int offset, int length) {
        return endOfStream ? -1L : 5_000_000_000L;
    }

    public boolean endOfStream;

    /** A void write of all of len (NioSocketImpl.write, blockingWriteFully): the count is the len parameter. */
    public void blockingWriteFully(byte[] buffer, int offset, int length) throws IOException {
        if (toThrow != null) {
            throw sneaky(toThrow);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    static SocketException reset() {
        return new SocketException("Connection reset");
    }
}
