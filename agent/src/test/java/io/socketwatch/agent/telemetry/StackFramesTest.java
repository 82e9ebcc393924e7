package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.socketwatch.agent.config.AgentConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackFramesTest {

    private static StackTraceElement frame(String className) {
        return new StackTraceElement(className, "m", "F.java", 1);
    }

    @Test
    void skipsJdkAgentAndLibraryFrames() {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement app = frame("com.shop.PaymentClient");
        StackTraceElement[] stack = {
            frame("sun.nio.ch.NioSocketImpl"), frame("java.net.Socket$SocketInputStream"),
            frame("io.socketwatch.agent.event.SocketEventHandler"), frame("okhttp3.internal.Foo"),
            frame("jdk.internal.net.http.Bar"), app, frame("com.shop.Main")};
        assertEquals(app, frames.firstApplicationFrame(stack));
    }

    @Test
    void configuredPackagesReplaceTheDefaultLibraryList() {
        StackFrames frames = new StackFrames(
                AgentConfig.of(Map.of("socketwatch.stack.skip", "com.shop.http, com.shop.db.")).skippedPackages());
        StackTraceElement app = frame("com.shop.PaymentClient");
        StackTraceElement netty = frame("io.netty.Channel");
        assertEquals(netty, frames.firstApplicationFrame(new StackTraceElement[] {
            frame("com.shop.http.Pool"), frame("com.shop.db.Conn"), netty, app}));
    }

    @Test
    void aThreadWithOnlyJdkFramesFallsBackToTheFirstNonAgentFrame() {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement jdk = frame("jdk.internal.net.http.SocketTube");
        assertEquals(jdk, frames.firstApplicationFrame(new StackTraceElement[] {
            frame("io.socketwatch.agent.X"), jdk, frame("java.lang.Thread")}));
        assertNull(frames.firstApplicationFrame(new StackTraceElement[0]));
    }

    @Test
    void aRelocatedCopyOfASkippedLibraryIsSkippedToo() {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement app = frame("com.shop.GrpcClient");
        assertEquals(app, frames.applicationFrame(new StackTraceElement[] {
            frame("io.grpc.netty.shaded.io.netty.channel.epoll.AbstractEpollChannel"),
            frame("com.acme.shaded.reactor.netty.Connection"), app}));
        // One-segment prefixes ("kotlin.") are not matched inside other packages.
        StackTraceElement kotlinApp = frame("com.shop.kotlin.Main");
        assertEquals(kotlinApp, frames.applicationFrame(new StackTraceElement[] {frame("kotlin.Unit"), kotlinApp}));
    }

    @Test
    void applicationFrameIsNullWhenOnlyLibrariesAreOnTheStack() {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement[] eventLoop = {frame("io.netty.channel.epoll.AbstractEpollChannel"),
            frame("io.netty.util.concurrent.SingleThreadEventExecutor$4"), frame("java.lang.Thread")};
        assertNull(frames.applicationFrame(eventLoop));
        assertEquals(eventLoop[0], frames.firstApplicationFrame(eventLoop));
    }
}
