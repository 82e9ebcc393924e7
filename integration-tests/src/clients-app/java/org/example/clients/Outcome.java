package org.example.clients;

import java.sql.SQLException;

/** How the scenarios print what happened: stable across runs (class names and SQLStates, never ports or times). */
final class Outcome {

    private Outcome() {
    }

    /** "a.B <- c.D <- e.F": the exception and its causes, with the SQLState of an SQLException. */
    static String describe(Throwable failure) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getName());
            if (t instanceof SQLException) {
                s.append("[sqlstate ").append(((SQLException) t).getSQLState()).append(']');
            }
        }
        return s.toString();
    }

    static void print(String step, String what) {
        System.out.println(step + ": " + what);
        System.out.flush();
    }

    static void failed(String step, Throwable failure) {
        print(step, "failed with " + describe(failure));
    }
}
