package io.socketwatch.agent.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PeerDiagnosesTest {

    @Test
    void nothingRecordedIsNone() {
        assertSame(PeerDiagnoses.Diagnosis.NONE, new PeerDiagnoses().of("peer 127.0.0.1:1"));
    }

    @Test
    void recordsIdleAndHintsPerPeer() {
        PeerDiagnoses d = new PeerDiagnoses();
        d.record("peer a:1", 5_000, "h #1");
        d.record("peer a:1", -1, null);
        d.record("peer a:1", 7_000, "h #1");
        d.record("peer b:2", 1_000, null);
        PeerDiagnoses.Diagnosis a = d.of("peer a:1");
        assertEquals(3, a.recorded);
        assertEquals(2, a.knownIdle);
        assertEquals(6_000, a.medianIdle);
        assertEquals("h #1", a.hint);
        assertEquals(2, a.hintCount);
        assertFalse(a.hintVaried);
        PeerDiagnoses.Diagnosis b = d.of("peer b:2");
        assertEquals(1, b.recorded);
        assertEquals(1_000, b.medianIdle);
        assertNull(b.hint);
    }

    @Test
    void boundedNumberOfPeers() {
        PeerDiagnoses d = new PeerDiagnoses();
        for (int i = 0; i < PeerDiagnoses.MAX_PEERS + 100; i++) {
            d.record("peer p:" + i, i, null);
        }
        assertEquals(1, d.of("peer p:" + (PeerDiagnoses.MAX_PEERS - 1)).recorded);
        assertSame(PeerDiagnoses.Diagnosis.NONE, d.of("peer p:" + PeerDiagnoses.MAX_PEERS),
                "past the limit a new peer is not diagnosed");
        d.record("peer p:0", 0, null);
        assertEquals(2, d.of("peer p:0").recorded, "a peer already kept still is");
    }

    /** The reporter thread records while the exit hook reads: no record is lost, nothing throws. */
    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        PeerDiagnoses d = new PeerDiagnoses();
        int threads = 4;
        int each = 25_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        d.record("peer p:" + (i % 3), 1_000 + id, i % 2 == 0 ? "hint " + i + ".5 s" : null);
                        if (i % 1000 == 0) {
                            d.of("peer p:0");
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), errors);
        long recorded = 0;
        for (int p = 0; p < 3; p++) {
            recorded += d.of("peer p:" + p).recorded;
        }
        assertEquals((long) threads * each, recorded);
        assertEquals(recorded / 2, d.of("peer p:0").hintCount + d.of("peer p:1").hintCount
                + d.of("peer p:2").hintCount, "every other record had a hint, all of one kind");
    }
}
