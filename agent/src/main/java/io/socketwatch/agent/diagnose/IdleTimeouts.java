package io.socketwatch.agent.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Well-known idle timeouts of load balancers, NAT gateways and HTTP servers (documented defaults), and when an
 * observed idle time counts as "close to" one of them.
 *
 * <p>The window is [T - max(0.5 s, 2% T), T + max(1 s, 5% T)]. Below T: the application's clock starts when its last
 * read or write returned, the middlebox's when the last packet passed it (the ACK of that data, delayed by up to
 * ~200 ms on Linux), and a server's keep-alive timer (Node.js, nginx, Tomcat) starts when the server finished writing
 * its response, one network latency before the client's read returned: so the observed idle can fall short of T by a
 * latency plus scheduling. Above T: a dropped flow fails only when the application next uses it, which can be any
 * time later; past a few percent, a coincidence with T is no evidence, and no hint is better than a wrong one.
 * The windows of 60, 65 and 75 s do not overlap; those of 600 and 610 s (both Google Cloud) do and are named together.
 */
final class IdleTimeouts {

    /** One documented default idle timeout and who applies it. */
    static final class Known {
        final long seconds;
        final String who;

        Known(long seconds, String who) {
            this.seconds = seconds;
            this.who = who;
        }

        boolean matches(long idleNanos) {
            return idleNanos >= lowerEdgeNanos() && idleNanos <= upperEdgeNanos();
        }

        long lowerEdgeNanos() {
            long t = TimeUnit.SECONDS.toNanos(seconds);
            return t - Math.max(TimeUnit.MILLISECONDS.toNanos(500), t / 50);
        }

        long upperEdgeNanos() {
            long t = TimeUnit.SECONDS.toNanos(seconds);
            return t + Math.max(TimeUnit.SECONDS.toNanos(1), t / 20);
        }
    }

    static final List<Known> TABLE = List.of(
            new Known(5, "the Node.js HTTP server (keepAliveTimeout)"),
            new Known(60, "AWS Application and Classic Load Balancers and Tomcat (keep-alive)"),
            new Known(65, "nginx (keepalive_timeout in its stock nginx.conf)"),
            new Known(75, "nginx (keepalive_timeout default)"),
            new Known(240, "the Azure Load Balancer"),
            new Known(350, "the AWS Network Load Balancer and NAT gateway"),
            new Known(600, "Google Cloud load balancers"),
            new Known(610, "Google Cloud load balancers (backend keep-alive)"),
            new Known(1200, "Google Cloud NAT (established TCP)"));

    private IdleTimeouts() {
    }

    /** The known timeouts {@code idleNanos} is close to; empty if none. */
    static List<Known> near(long idleNanos) {
        List<Known> found = new ArrayList<>();
        for (Known known : TABLE) {
            if (known.matches(idleNanos)) {
                found.add(known);
            }
        }
        return found;
    }

    /** "the 350 s idle timeout of X", or "the 600 s / 610 s idle timeouts of X" when several match. */
    static String describe(List<Known> matches) {
        if (matches.size() == 1) {
            return "the " + matches.get(0).seconds + " s idle timeout of " + matches.get(0).who;
        }
        StringBuilder seconds = new StringBuilder();
        StringBuilder who = new StringBuilder();
        for (Known known : matches) {
            seconds.append(seconds.length() == 0 ? "" : " / ").append(known.seconds).append(" s");
            who.append(who.length() == 0 ? "" : "; ").append(known.who);
        }
        return "the " + seconds + " idle timeouts of " + who;
    }
}
