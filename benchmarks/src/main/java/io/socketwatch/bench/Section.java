package io.socketwatch.bench;

/** One benchmark of the run: measures, then adds its rows (and details) to the report. */
interface Section {

    String name();

    void run(Report report) throws Exception;
}
