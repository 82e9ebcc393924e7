package io.socketwatch.bench.startup;

/** The start-up baseline: a hello world, then its own peak RSS and live non-daemon threads ({@link ExitReport}). */
public final class HelloWorld {

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, world");
        ExitReport.print();
    }
}
