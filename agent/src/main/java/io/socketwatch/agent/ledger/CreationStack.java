package io.socketwatch.agent.ledger;

/** Where a connection was opened: the stack captured then, and how many of its frames a report keeps. */
public final class CreationStack {

    private final Throwable site;
    private final int depth;

    public CreationStack(Throwable site, int depth) {
        this.site = site;
        this.depth = depth;
    }

    public Throwable site() {
        return site;
    }

    public int depth() {
        return depth;
    }
}
