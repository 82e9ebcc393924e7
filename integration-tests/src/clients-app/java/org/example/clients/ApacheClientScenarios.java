package org.example.clients;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Apache HttpClient 5 (classic API) with its defaults (a pooling connection manager; one automatic retry of an
 * idempotent request after an I/O error other than a refused or timed-out connect: DefaultHttpRequestRetryStrategy),
 * against the test's misbehaving HTTP peer on 127.0.0.1 (arg: its port).
 */
final class ApacheClientScenarios {

    private ApacheClientScenarios() {
    }

    static void run(String scenario, String[] args) throws IOException {
        String uri = "http://127.0.0.1:" + Integer.parseInt(args[0]) + "/";
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            switch (scenario) {
                case "apache-reset":
                case "apache-refused":
                case "apache-half-close":
                    get(client, uri, "get");
                    break;
                case "apache-pooled-reset":
                    // The second request goes out on the pooled connection of the first.
                    get(client, uri, "first get");
                    get(client, uri, "second get");
                    break;
                default:
                    throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
    }

    private static void get(CloseableHttpClient client, String uri, String step) {
        try {
            String answer = client.execute(new HttpGet(uri),
                    response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
            Outcome.print(step, answer);
        } catch (IOException e) {
            Outcome.failed(step, e);
        }
    }
}
