package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.socketwatch.agent.config.AgentConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Each default library (one string split at run time, so that the agent jar's relocation leaves it alone). */
    @ParameterizedTest
    @ValueSource(strings = {"io.netty.channel.X", "reactor.netty.X", "reactor.core.X", "okhttp3.internal.X",
        "okio.InputStreamSource", "kotlin.io.X", "org.apache.http.X", "org.apache.hc.client5.X",
        "org.eclipse.jetty.X", "org.apache.tomcat.X", "org.apache.coyote.X", "org.apache.catalina.X",
        "org.postgresql.X", "com.zaxxer.hikari.X", "com.mysql.X", "org.mariadb.X", "com.google.common.X"})
    void eachDefaultLibraryIsSkipped(String libraryClass) {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement app = frame("com.shop.PaymentClient");
        assertEquals(app, frames.applicationFrame(new StackTraceElement[] {
            frame("java.net.Socket$SocketInputStream"), frame(libraryClass), app}));
        // A package that only starts with a library's name is the application's.
        StackTraceElement lookalike = frame("okhttp3x.Client");
        assertEquals(lookalike, frames.applicationFrame(new StackTraceElement[] {frame(libraryClass), lookalike}));
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

    /**
     * With no application frame, which frame names the I/O: {stack, top to bottom; expected}. The first library frame
     * when there is one (a library's own thread), else the first frame outside the agent (a JDK thread).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Tomcat's worker writes the response after the servlet returned: Tomcat's frame, not the JDK's.
        "io.socketwatch.agent.X sun.nio.ch.FileDispatcherImpl org.apache.tomcat.util.net.NioChannel"
            + " org.apache.coyote.http11.Http11OutputBuffer java.lang.Thread | org.apache.tomcat.util.net.NioChannel",
        // Netty's event loop (no creation site known): Netty's frame.
        "io.netty.channel.epoll.AbstractEpollChannel io.netty.util.concurrent.SingleThreadEventExecutor$4"
            + " java.lang.Thread | io.netty.channel.epoll.AbstractEpollChannel",
        // JDK-internal thread only: the first frame outside the agent.
        "io.socketwatch.agent.X jdk.internal.net.http.SocketTube java.lang.Thread | jdk.internal.net.http.SocketTube",
        // An application frame always wins over a library frame above it.
        "sun.nio.ch.NioSocketImpl okhttp3.internal.X com.shop.Client java.lang.Thread | com.shop.Client",
    })
    void withoutAnApplicationFrameTheFirstLibraryFrameIsNamed(String stack, String expected) {
        StackFrames frames = new StackFrames(AgentConfig.of(Map.of()).skippedPackages());
        StackTraceElement[] elements = java.util.Arrays.stream(stack.trim().split(" ")).map(StackFramesTest::frame)
                .toArray(StackTraceElement[]::new);
        assertEquals(expected.trim(), frames.firstApplicationFrame(elements).getClassName());
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
