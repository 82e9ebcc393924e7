package io.socketwatch.agent.instrument;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;

/** A SocketImpl that does nothing: the "accepted connection" handed to a woven accept(SocketImpl). */
final class StubSocketImpl extends SocketImpl {
    @Override protected void create(boolean stream) { }
    @Override protected void connect(String host, int port) { }
    @Override protected void connect(InetAddress address, int port) { }
    @Override protected void connect(SocketAddress address, int timeout) { }
    @Override protected void bind(InetAddress host, int port) { }
    @Override protected void listen(int backlog) { }
    @Override protected void accept(SocketImpl s) { }
    @Override protected InputStream getInputStream() { return InputStream.nullInputStream(); }
    @Override protected OutputStream getOutputStream() { return OutputStream.nullOutputStream(); }
    @Override protected int available() { return 0; }
    @Override protected void close() { }
    @Override protected void sendUrgentData(int data) { }
    @Override public void setOption(int optID, Object value) { }
    @Override public Object getOption(int optID) { return null; }
    @Override public String toString() { return "stub-impl"; }
}
