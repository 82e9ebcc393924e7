package io.socketwatch.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP/gRPC side of {@link OtlpReceiver}: the three collector services' Export methods on 127.0.0.1 and an
 * ephemeral port, plaintext HTTP/2 (what an exporter sends to an {@code http://} endpoint), gzip or not.
 *
 * <p>Like the HTTP side, each call is counted under its HTTP/2 path, decoded, and stored by the receiver BEFORE the
 * response goes out, so both protocols answer the same queries. The methods are the generated stubs' own
 * descriptors, but with the request taken as raw bytes and parsed here: gRPC's protobuf marshaller would cancel an
 * undecodable call asynchronously (a race with the client seeing its error); parsed here it is recorded as an error
 * first and answered INVALID_ARGUMENT, as deterministic as the HTTP side's 400. An unknown method is recorded too,
 * then answered UNIMPLEMENTED by gRPC.
 */
final class OtlpGrpcListener implements AutoCloseable {

    /** The HTTP/2 {@code :path} of each Export call, e.g. {@code /opentelemetry.proto.collector.trace.v1.TraceService/Export}. */
    static final String TRACES_PATH = "/" + TraceServiceGrpc.getExportMethod().getFullMethodName();
    static final String METRICS_PATH = "/" + MetricsServiceGrpc.getExportMethod().getFullMethodName();
    static final String LOGS_PATH = "/" + LogsServiceGrpc.getExportMethod().getFullMethodName();

    private final Server server;

    private OtlpGrpcListener(Server server) {
        this.server = server;
    }

    static OtlpGrpcListener start(OtlpReceiver receiver) {
        Server server = OkHttpServerBuilder
                .forPort(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
                .addService(export(receiver, TraceServiceGrpc.getExportMethod(),
                        body -> receiver.receiveTraces(ExportTraceServiceRequest.parseFrom(body))))
                .addService(export(receiver, MetricsServiceGrpc.getExportMethod(),
                        body -> receiver.receiveMetrics(ExportMetricsServiceRequest.parseFrom(body))))
                .addService(export(receiver, LogsServiceGrpc.getExportMethod(),
                        body -> receiver.receiveLogs(ExportLogsServiceRequest.parseFrom(body))))
                .fallbackHandlerRegistry(new UnknownMethods(receiver))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the OTLP/gRPC receiver on 127.0.0.1", e);
        }
        return new OtlpGrpcListener(server);
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One service with its unary Export method, taking and answering raw protobuf bytes. */
    private static ServerServiceDefinition export(OtlpReceiver receiver, MethodDescriptor<?, ?> generated,
            Decoder decoder) {
        MethodDescriptor<byte[], byte[]> method = generated.toBuilder(RawBytes.INSTANCE, RawBytes.INSTANCE).build();
        String path = "/" + method.getFullMethodName();
        return ServerServiceDefinition.builder(generated.getServiceName())
                .addMethod(method, ServerCalls.asyncUnaryCall((body, response) -> {
                    receiver.countRequest(path);
                    MessageLite reply;
                    try {
                        reply = decoder.receive(body);
                    } catch (InvalidProtocolBufferException e) {
                        String why = path + ": undecodable protobuf (" + body.length + " bytes): " + e.getMessage();
                        receiver.recordError("grpc INVALID_ARGUMENT " + why);
                        response.onError(Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException());
                        return;
                    }
                    response.onNext(reply.toByteArray());
                    response.onCompleted();
                }))
                .build();
    }

    @FunctionalInterface
    private interface Decoder {
        /** Parses and stores the request; returns the (empty) Export response. */
        MessageLite receive(byte[] body) throws InvalidProtocolBufferException;
    }

    /** A method no service here has: counted, recorded, and answered UNIMPLEMENTED by gRPC itself. */
    private static final class UnknownMethods extends HandlerRegistry {
        private final OtlpReceiver receiver;

        UnknownMethods(OtlpReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            receiver.countRequest("/" + methodName);
            receiver.recordError("grpc UNIMPLEMENTED /" + methodName + ": unknown method");
            return null;
        }
    }

    /** Protobuf bytes as they came (already decompressed by gRPC). */
    enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
