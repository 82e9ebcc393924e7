package org.example.tls;

/** Prints what the application observed, one line per step: the test compares them with what each step must do. */
final class Observed {

    private Observed() {
    }

    static synchronized void ok(String step) {
        System.out.println(step + " -> ok");
    }

    static synchronized void failed(String step, Throwable failure) {
        System.out.println(step + " -> " + failure.getClass().getName());
        System.err.println(step + ": " + failure);
    }

    static synchronized void line(String text) {
        System.out.println(text);
    }
}
