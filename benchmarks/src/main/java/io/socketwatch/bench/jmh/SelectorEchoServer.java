package io.socketwatch.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-thread non-blocking echo server: a Selector, OP_ACCEPT, then OP_READ/OP_WRITE per connection. */
final class SelectorEchoServer implements Loopback.IoTask {

    private final Selector selector;
    private final ServerSocketChannel listener;
    private volatile boolean running = true;
    /** Counted down each time the server closes a connection because its client closed (read saw EOF). */
    private final CountDownLatch peerClosed = new CountDownLatch(1);

    SelectorEchoServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open().bind(Loopback.at(0));
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    @Override
    public void run() throws IOException {
        try {
            while (running) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    } else if (key.isValid()) {
                        echo(key);
                    }
                }
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    private void accept() throws IOException {
        SocketChannel peer = listener.accept();
        if (peer != null) {
            peer.configureBlocking(false);
            peer.socket().setTcpNoDelay(true);
            peer.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(4 * EchoSocketBenchmark.SIZE));
        }
    }

    /** Reads what is there and writes it back; what the socket does not take now waits for OP_WRITE. */
    private void echo(SelectionKey key) throws IOException {
        SocketChannel peer = (SocketChannel) key.channel();
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        if (key.isReadable()) {
            if (peer.read(buffer) < 0) {
                peer.close(); // the client closed after reading every echo: a clean close
                peerClosed.countDown();
                return;
            }
        }
        buffer.flip();
        peer.write(buffer);
        buffer.compact();
        key.interestOps(buffer.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Waits until the server has seen its client's FIN and closed its side; false on timeout. */
    boolean awaitPeerClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return peerClosed.await(timeout, unit);
    }

    void stop() {
        running = false;
        selector.wakeup();
    }
}
