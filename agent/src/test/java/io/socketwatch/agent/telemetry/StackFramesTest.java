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
    void aLibrarysOwnThreadFallsBackToTheFirstLibraryFrameNotTheJdks() {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement tomcat = frame("org.apache.tomcat.util.net.NioChannel");
        assertEquals(tomcat, frames.firstApplicationFrame(new StackTraceElement[] {
            frame("io.socketwatch.agent.X"), frame("sun.nio.ch.SocketDispatcher"), frame("sun.nio.ch.IOUtil"),
            tomcat, frame("org.apache.coyote.http11.Http11OutputBuffer"), frame("java.lang.Thread")}));
    }
}
