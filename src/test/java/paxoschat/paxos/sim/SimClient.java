package paxoschat.paxos.sim;

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
            outstanding = new Command(id, next, id, "m" + next + " from " + id);
            send(sim, sim.random().nextInt(sim.servers()));
        }
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
