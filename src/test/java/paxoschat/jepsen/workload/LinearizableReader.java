package paxoschat.jepsen.workload;

import java.util.List;
import java.util.Random;

import paxoschat.jepsen.Pacing;
import paxoschat.jepsen.history.History;

/**
 * A reader of {@code GET /chatlog?consistency=linearizable} on a random server each time,
 * faults or not. Before each read it takes the acknowledged write with the highest seq
 * (acknowledged before the read began) and reads from that seq: the page must begin with
 * that very write. A page without it is a violation, whatever the partition: a server cut
 * off from the leader must answer 503, never its stale log. A 503 or a timeout is allowed
 * (no barrier without a majority).
 */
public final class LinearizableReader implements Runnable {

    private final Pacing pacing = new Pacing();
    private final String process;
    private final ChatApi api;
    private final History history;
    private final Acknowledged acknowledged;
    private final Random random;
    private final List<String> violations;
    private volatile boolean stopped;
    private volatile int served;

    public LinearizableReader(int index, ChatApi api, History history, Acknowledged acknowledged, long seed,
                              List<String> violations) {
        this.process = "linreader-" + index;
        this.api = api;
        this.history = history;
        this.acknowledged = acknowledged;
        this.random = new Random(seed);
        this.violations = violations;
    }

    public void stop() {
        pacing.stop();
        stopped = true;
    }

    /** Linearizable reads answered (with the write they had to show). */
    public int served() {
        return served;
    }

    @Override
    public void run() {
        while (!stopped) {
            Acknowledged.Ack ack = acknowledged.highest();
            if (ack == null) {
                pacing.pause(20);
                continue;
            }
            int server = random.nextInt(api.size());
            history.add(process, "invoke", "read", server, ack.clientId(), ack.requestId(), ack.seq(), null,
                    "linearizable");
            ChatApi.Page page = api.readLinearizable(server, ack.seq(), 1);
            if (page.entries() == null) {
                history.add(process, "fail", "read", server, null, null, ack.seq(), null, page.error());
                pacing.pause(100);
                continue;
            }
            String problem = check(ack, page);
            history.add(process, "ok", "read", server, null, null, ack.seq(), page.entries().size(), problem);
            if (problem != null) {
                violations.add(process + " read from server " + server + " at " + history.millis() + " ms: " + problem);
            } else {
                served++;
            }
            pacing.pause(20);
        }
    }

    /** What is wrong with a linearizable page read from {@code ack}'s seq, or null. */
    static String check(Acknowledged.Ack ack, ChatApi.Page page) {
        if (page.entries().isEmpty()) {
            return "a linearizable read of length " + page.length() + " misses " + ack.clientId() + "/"
                    + ack.requestId() + ", acknowledged at seq " + ack.seq() + " before the read began";
        }
        LogEntry e = page.entries().get(0);
        if (e.seq() != ack.seq() || !e.clientId().equals(ack.clientId()) || e.requestId() != ack.requestId()) {
            return "seq " + ack.seq() + " was acknowledged to " + ack.clientId() + "/" + ack.requestId()
                    + " but a linearizable read shows " + e;
        }
        return null;
    }
}
