package org.example.clients;

import java.util.Arrays;

/**
 * Real clients and servers from Maven Central, each in a situation that breaks its connection; run by the
 * integration tests (HttpClientLibrariesIT, PostgresJdbcIT, TomcatServerIT) in a child JVM with and without the agent.
 * Every scenario prints what the application saw (exception classes and SQLStates, no ports or timings), so the
 * tests can check the output is the same with the agent. Usage: {@code ClientsApp <scenario> <args...>}.
 */
public final class ClientsApp {

    private ClientsApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ClientsApp <scenario> <args...>");
        }
        String scenario = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (scenario.startsWith("pg-")) {
            PostgresScenarios.run(scenario, rest);
        } else if (scenario.startsWith("apache-")) {
            ApacheClientScenarios.run(scenario, rest);
        } else if (scenario.startsWith("okhttp-")) {
            OkHttpScenarios.run(scenario, rest);
        } else if (scenario.startsWith("tomcat-")) {
            TomcatScenarios.run(scenario, rest);
        } else {
            throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.out.println("done");
    }
}
