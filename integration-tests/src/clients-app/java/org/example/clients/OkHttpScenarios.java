package org.example.clients;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp with its defaults (a connection pool; retryOnConnectionFailure true), against the test's misbehaving HTTP
 * peer on 127.0.0.1 (arg: its port). Runs on OkHttp 4 and 5 alike: only API both have.
 */
final class OkHttpScenarios {

    private OkHttpScenarios() {
    }

    static void run(String scenario, String[] args) {
        String url = "http://127.0.0.1:" + Integer.parseInt(args[0]) + "/";
        OkHttpClient client = new OkHttpClient();
        try {
            switch (scenario) {
                case "okhttp-reset":
                case "okhttp-refused":
                case "okhttp-half-close":
                    get(client, url, "get");
                    break;
                case "okhttp-pooled-reset":
                    get(client, url, "first get");
                    get(client, url, "second get");
                    break;
                default:
                    throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static void get(OkHttpClient client, String url, String step) {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            Outcome.print(step, response.code() + " " + response.body().string());
        } catch (IOException e) {
            Outcome.failed(step, e);
        }
    }
}
