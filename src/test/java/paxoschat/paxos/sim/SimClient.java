package paxoschat.paxos.sim;

import java.util.Random;

import paxoschat.paxos.Command;

/**
 * A chat client of the simulation: it sends its messages one at a time, waits for a
 * server's answer, and retransmits the same request to another server when none comes.
 */
final class SimClient {

    private final String id;
    private final int total;
    /** Simulated time without an answer after which the client sends the same request again. */
    private final long timeout;
    private int next = 1;
    private Command outstanding;
    private int server = -1;
    private long sentAt;

    SimClient(String id, int total, long timeout) {
        this.id = id;
        this.total = total;
        this.timeout = timeout;
    }

    boolean done() {
        return next > total && outstanding == null;
    }

    void poll(Simulation sim) {
        if (outstanding != null) {
            if (sim.answer(server, outstanding.key()) != null) {
                outstanding = null;
                next++;
            } else if (sim.now() - sentAt > timeout || server < 0) {
                send(sim, sim.random().nextInt(sim.servers()));
            }
            return;
        }
        if (next <= total && sim.random().nextDouble() < 0.2) {
            outstanding = new Command(id, next, id, text(next));
            send(sim, sim.random().nextInt(sim.servers()));
        }
    }

    /** Code point ranges texts are drawn from: ASCII, combining marks, right to left, joiners, CJK, astral. */
    private static final int[][] KINDS = {
        {0x20, 0x7E}, {0x300, 0x36F}, {0x5D0, 0x5EA}, {0x600, 0x6FF}, {0x200B, 0x200F},
        {0x4E00, 0x9FFF}, {0xFFF9, 0xFFFD}, {0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF},
    };

    /**
     * A text of every kind of Unicode (not ASCII alone), made unique by its prefix. From a
     * generator of its own, seeded by the message, so that the schedule's random stream,
     * and with it every seed's run, is the same whatever the texts.
     */
    private String text(int n) {
        Random random = new Random(id.hashCode() * 1_000_003L + n);
        StringBuilder b = new StringBuilder("m" + n + " from " + id + " ");
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int[] kind = KINDS[random.nextInt(KINDS.length)];
            b.appendCodePoint(kind[0] + random.nextInt(kind[1] - kind[0] + 1));
        }
        return b.toString();
    }

    private void send(Simulation sim, int preferred) {
        sentAt = sim.now();
        server = sim.submit(outstanding, preferred);
    }

    @Override
    public String toString() {
        return "client " + id + ": next=" + next + "/" + total + " outstanding=" + outstanding + " server=" + server;
    }
}
