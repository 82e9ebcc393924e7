package org.example.ownotel;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An application with its own OpenTelemetry SDK (an older one than the agent embeds), its own Byte Buddy, OkHttp 4,
 * okio and Kotlin on the class path, for OwnOpenTelemetryIT. It must behave the same with the socketwatch agent and
 * without: every line it prints is deterministic (no ports, ids or times), so the test compares stdout verbatim.
 *
 * <p>Usage: {@code java -cp <classes>:<app-libs/*> org.example.ownotel.OwnTelemetryApp http://127.0.0.1:<port>},
 * the argument being the OTLP/HTTP endpoint its own SDK exports to. Compiled with {@code --release 11}.
 */
public final class OwnTelemetryApp {

    static final String SERVICE = "own-otel-app";
    static final String SCOPE = "test-app";

    private OwnTelemetryApp() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];

        // Which jar each library comes from. Any copy the agent leaked onto the class path under these names
        // (unrelocated) would show up here as a second jar.
        for (String type : List.of("net.bytebuddy.ByteBuddy", "okhttp3.OkHttpClient", "okio.Buffer", "kotlin.Unit",
                "io.opentelemetry.api.GlobalOpenTelemetry", "io.opentelemetry.sdk.OpenTelemetrySdk",
                "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter")) {
            System.out.println("class " + type + ": loaded from " + jarOf(Class.forName(type))
                    + ", class path copies " + copiesOnClassPath(type.replace('.', '/') + ".class"));
        }
        System.out.println("service file HttpSenderProvider: " + copiesOnClassPath(
                "META-INF/services/io.opentelemetry.exporter.internal.http.HttpSenderProvider"));

        OpenTelemetrySdk sdk = ownSdk(endpoint);
        System.out.println("global OpenTelemetry: " + GlobalOpenTelemetry.get().getClass().getName()
                + ", its tracer provider is this app's SDK's: "
                + (GlobalOpenTelemetry.get().getTracerProvider() == sdk.getTracerProvider())
                + ", its meter provider is this app's SDK's: "
                + (GlobalOpenTelemetry.get().getMeterProvider() == sdk.getMeterProvider()));

        Span span = GlobalOpenTelemetry.getTracer(SCOPE).spanBuilder("app-work")
                .setAttribute("app.step", "work")
                .startSpan();
        System.out.println("span app-work: recording " + span.isRecording() + ", sampled "
                + span.getSpanContext().isSampled());
        span.end();

        GlobalOpenTelemetry.getMeter(SCOPE).counterBuilder("app.requests").build()
                .add(1, Attributes.of(AttributeKey.stringKey("app.step"), "work"));
        System.out.println("counter app.requests: added 1");

        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .name("org.example.ownotel.Generated")
                .make()
                .load(OwnTelemetryApp.class.getClassLoader())
                .getLoaded();
        Object instance = generated.getDeclaredConstructor().newInstance();
        System.out.println("byte buddy: generated " + generated.getName() + " extends "
                + generated.getSuperclass().getName() + ", instance " + (instance != null));

        System.out.println("okhttp: " + okHttpGet());

        System.out.println("refused connect: " + refusedConnect());

        // Exports the batched span and the counter, then stops the SDK's threads. (SDK 1.40 reports success here
        // even when the export failed: whether it arrived is for the receiver to say.)
        boolean shutdown = sdk.shutdown().join(30, TimeUnit.SECONDS).isSuccess();
        System.out.println("own sdk flushed and shut down: " + shutdown);
    }

    /** Also used by TracedRequestApp (TraceCorrelationIT). */
    static OpenTelemetrySdk ownSdk(String endpoint) {
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE)));
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").build()).build())
                .build();
        SdkMeterProvider meterProvider = SdkMeterProvider.builder()
                .setResource(resource)
                // Exported once, at shutdown.
                .registerMetricReader(PeriodicMetricReader.builder(
                        OtlpHttpMetricExporter.builder().setEndpoint(endpoint + "/v1/metrics").build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setMeterProvider(meterProvider)
                .buildAndRegisterGlobal();
    }

    /** One GET through OkHttp to a server of this process on a loopback port. */
    private static String okHttpGet() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        OkHttpClient client = new OkHttpClient();
        try {
            // Connection: close: the server closes the connection itself after the response. With keep-alive its
            // dispatcher goes back to reading the idle connection, and server.stop(0) below could close it under
            // that read (AsynchronousCloseException, rightly reported by socketwatch as async_close, but a race of
            // this program's own shutdown, seen once on JDK 25 under load, and not what this test is about).
            Request request = new Request.Builder()
                    .url("http://127.0.0.1:" + server.getAddress().getPort() + "/")
                    .header("Connection", "close")
                    .build();
            try (Response response = client.newCall(request).execute()) {
                return "GET / -> " + response.code() + " " + response.body().string() + " over "
                        + response.protocol();
            }
        } finally {
            // The client closes its pooled connection first, so the server never closes one with data unread.
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
            server.stop(0);
        }
    }

    /** Connects to a loopback port that was just closed: the kernel refuses. */
    private static String refusedConnect() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            return "connected (unexpected)";
        } catch (ConnectException e) {
            return e.getClass().getName() + " caught";
        }
    }

    private static String jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "(no code source)";
        }
        try {
            return Paths.get(source.getLocation().toURI()).getFileName().toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }

    /** The file names of every class path entry holding this resource, sorted. */
    private static List<String> copiesOnClassPath(String resource) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> urls = ClassLoader.getSystemClassLoader().getResources(resource);
        while (urls.hasMoreElements()) {
            String url = urls.nextElement().toString();
            String path = url.startsWith("jar:") ? url.substring(4, url.indexOf("!/")) : url;
            names.add(path.substring(path.lastIndexOf('/') + 1));
        }
        Collections.sort(names);
        return names;
    }
}
