package paxoschat.master;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import paxoschat.master.ClusterControl.ClusterException;

/**
 * Starts servers a few at a time and waits until all are ready: the next one starts as soon
 * as one is ready. JVMs starting together on few cores slow each other down (caches,
 * compiler threads): on two cores, ten one-server clusters started at once took 1.5-1.6
 * CPU-s each, one after another 1.1-1.4 (README, Start-up).
 */
final class StaggeredStart {

    private final IntConsumer spawn;
    private final IntPredicate alive;
    /** Of the servers given, those that are ready now. */
    private final UnaryOperator<List<Integer>> ready;
    private final Pause pause;
    private final LongSupplier millis;
    private final long pollMillis;
    /** Where to look when something went wrong: a server's log, and the directory of all. */
    private final IntFunction<String> logOf;
    private final String logDir;

    StaggeredStart(IntConsumer spawn, IntPredicate alive, UnaryOperator<List<Integer>> ready, Pause pause, LongSupplier millis,
                   long pollMillis, IntFunction<String> logOf, String logDir) {
        this.spawn = spawn;
        this.alive = alive;
        this.ready = ready;
        this.pause = pause;
        this.millis = millis;
        this.pollMillis = pollMillis;
        this.logOf = logOf;
        this.logDir = logDir;
    }

    /**
     * Spawns the servers {@code toStart} in order, at most {@code atOnce} of them starting at
     * a time, and returns once they and the servers {@code started} (spawned already) are all
     * ready. Throws {@link ClusterException} naming the first server that exited, or every
     * server not ready after {@code timeoutMillis}.
     */
    void run(List<Integer> toStart, int atOnce, List<Integer> started, long timeoutMillis) {
        long deadline = millis.getAsLong() + timeoutMillis;
        ArrayDeque<Integer> queue = new ArrayDeque<>(toStart);
        List<Integer> waiting = new ArrayList<>(started);
        while (true) {
            while (!queue.isEmpty() && waiting.size() < atOnce) {
                int next = queue.poll();
                spawn.accept(next);
                waiting.add(next);
            }
            for (int i : waiting) {
                if (!alive.test(i)) {
                    throw new ClusterException("server " + i + " exited while starting; see " + logOf.apply(i));
                }
            }
            List<Integer> nowReady = waiting.isEmpty() ? List.of() : ready.apply(List.copyOf(waiting));
            waiting.removeAll(nowReady);
            if (waiting.isEmpty() && queue.isEmpty()) {
                return;
            }
            if (!nowReady.isEmpty() && !queue.isEmpty()) {
                continue; // start the next ones at once
            }
            if (millis.getAsLong() > deadline) {
                List<Integer> late = new ArrayList<>(waiting);
                late.addAll(queue);
                throw new ClusterException("servers " + late + " not ready after " + timeoutMillis / 1000
                        + " s; see " + logDir);
            }
            pause.pause(pollMillis);
        }
    }
}
