package paxoschat.jepsen.workload;

import paxoschat.jepsen.Pacing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import paxoschat.jepsen.history.History;

/**
 * A reader that pages GET /chatlog from a different random server each time and keeps its
 * own view of the log. Every third read starts a few entries before the end of its view, so
 * it must agree with what the reader saw; the others long-poll (1 s) for what comes next.
 * An overlapping entry that differs, or a page whose seqs are not consecutive, is a
 * violation (the view would have changed or shrunk).
 */
public final class Reader implements Runnable {

    private static final int OVERLAP = 3;
    private static final int LIMIT = 500;

    private final Pacing pacing = new Pacing();
    private final String process;
    private final ChatApi api;
    private final History history;
    private final Random random;
    private final List<String> violations;
    private final List<LogEntry> view = new ArrayList<>();
    private volatile boolean stopped;
    private int reads;

    public Reader(int index, ChatApi api, History history, long seed, List<String> violations) {
        this.process = "reader-" + index;
        this.api = api;
        this.history = history;
        this.random = new Random(seed);
        this.violations = violations;
    }

    public static List<String> newViolationList() {
        return new CopyOnWriteArrayList<>();
    }

    public void stop() {
        pacing.stop();
        stopped = true;
    }

    public synchronized List<LogEntry> view() {
        return List.copyOf(view);
    }

    public synchronized int reads() {
        return reads;
    }

    @Override
    public void run() {
        while (!stopped) {
            int server = random.nextInt(api.size());
            long from;
            boolean overlap;
            synchronized (this) {
                overlap = reads % 3 == 0;
                from = overlap ? Math.max(0, view.size() - OVERLAP) : view.size();
            }
            history.add(process, "invoke", "read", server, null, null, from, null, null);
            // A long poll waits for news instead of spinning; an overlapping read answers at once.
            ChatApi.Page page = api.read(server, from, LIMIT, overlap ? 0 : 1);
            if (page.entries() == null) {
                history.add(process, "fail", "read", server, null, null, from, null, page.error());
                pacing.pause(100);
                continue;
            }
            String problem = extend(from, page.entries());
            history.add(process, "ok", "read", server, null, null, from, page.entries().size(), problem);
            if (problem != null) {
                violations.add(process + " read from server " + server + " at " + history.millis() + " ms: " + problem);
            }
        }
    }

    /** Extends the view by a page read from {@code from}; returns what was wrong, if anything. */
    public synchronized String extend(long from, List<LogEntry> entries) {
        reads++;
        for (int i = 0; i < entries.size(); i++) {
            LogEntry e = entries.get(i);
            long seq = from + i;
            if (e.seq() != seq) {
                return "entry " + i + " of a page from " + from + " has seq " + e.seq();
            }
            if (seq < view.size()) {
                LogEntry mine = view.get((int) seq);
                if (!mine.equals(e)) {
                    return "seq " + seq + " was " + mine + " and is now " + e;
                }
            } else {
                view.add(e);
            }
        }
        return null;
    }
}
