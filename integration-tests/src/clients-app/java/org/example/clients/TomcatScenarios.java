package org.example.clients;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.AccessLog;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;

/**
 * An embedded Tomcat (NIO connector, the default) on 127.0.0.1 whose client goes away while the servlet reads the
 * request body: the client sends the headers and part of a body, waits until the servlet runs, and aborts (SO_LINGER
 * 0 close: an RST). Both ends are in this JVM so the servlet and the client synchronise with latches.
 */
final class TomcatScenarios {

    private static final int DECLARED_LENGTH = 100;
    private static final int SENT_LENGTH = 10;

    private TomcatScenarios() {
    }

    static void run(String scenario, String[] args) throws Exception {
        if (!scenario.equals("tomcat-client-reset")) {
            throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        Path baseDir = Files.createTempDirectory("tomcat-scenario");
        UploadServlet servlet = new UploadServlet();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "upload", servlet);
        context.addServletMappingDecoded("/upload", "upload");
        FinishedRequests finished = new FinishedRequests();
        context.getPipeline().addValve(finished);
        tomcat.start();
        try {
            abortingClient(connector.getLocalPort(), servlet);
            if (!servlet.done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the servlet did not finish");
            }
            Outcome.print("servlet read the body", servlet.outcome);
            // Tomcat writes the response (status line, headers) after doPost returned, on its worker thread; on the
            // reset connection that write fails (EPIPE). Stop only after it, or the stop's interrupt races with it.
            if (!finished.done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Tomcat did not finish the request");
            }
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** Headers and 10 of 100 body bytes, then an abortive close once the servlet is running. */
    private static void abortingClient(int port, UploadServlet servlet) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + DECLARED_LENGTH + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[SENT_LENGTH]);
        out.flush();
        if (!servlet.started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the servlet never ran");
        }
        socket.setSoLinger(true, 0);
        socket.close();
        Outcome.print("client", "aborted the upload");
    }

    /**
     * Tomcat's access log hook: CoyoteAdapter.service calls Context.logAccess after Response.finishResponse (which
     * writes what is left of the response), so this is the explicit signal that Tomcat is done with the connection.
     */
    static final class FinishedRequests extends ValveBase implements AccessLog {
        final CountDownLatch done = new CountDownLatch(1);
        private boolean requestAttributes;

        FinishedRequests() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
        }

        @Override
        public void log(Request request, Response response, long time) {
            done.countDown();
        }

        @Override
        public void setRequestAttributesEnabled(boolean enabled) {
            requestAttributes = enabled;
        }

        @Override
        public boolean getRequestAttributesEnabled() {
            return requestAttributes;
        }
    }

    /** Reads the whole body; records what happened and counts down when done. */
    static final class UploadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile String outcome = "nothing";

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            started.countDown();
            long total = 0;
            try {
                InputStream body = request.getInputStream();
                byte[] buffer = new byte[1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    total += n;
                }
                outcome = "complete after " + total + " bytes (unexpected)";
            } catch (IOException e) {
                // What an application does when its client went away: note it and return. Tomcat still finishes
                // the response itself after doPost (see FinishedRequests).
                outcome = "failed after " + total + " bytes with " + Outcome.describe(e);
            } finally {
                done.countDown();
            }
        }
    }
}
