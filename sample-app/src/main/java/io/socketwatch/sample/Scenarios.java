package io.socketwatch.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every scenario, in the order a run without arguments executes them. */
final class Scenarios {

    static final List<Scenario> ALL = List.of(
            new ResetOnRead(),
            new EchoClean(),
            new EchoReset(),
            new EchoWriteError(),
            new EchoTimeout(),
            new RetryAfterReset(),
            new Refused(),
            new ReadTimeout(),
            new LingerAbort(),
            new Clean(),
            new NioResetOnRead(),
            new NioSelectorReset(),
            new NioRefused(),
            new AdaptorResetOnRead(),
            new NioLingerAbort(),
            new AsyncResetOnRead(),
            new TlsReset(),
            new TlsUntrusted(),
            new HttpClientReset(),
            new PeerClosedFirst(),
            new StalePooledConnection());

    private Scenarios() {
    }

    /** Client lines followed by server lines, the order in which a run prints them. */
    static List<String> concat(List<String> clientLines, List<String> serverLines) {
        List<String> all = new ArrayList<>(clientLines);
        all.addAll(serverLines);
        return List.copyOf(all);
    }

    static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
