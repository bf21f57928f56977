package paxoschat.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random script in the course's command language, the same for the same seed: 1 to 7
 * servers, 1 to 4 clients, sends from every client (each text unique, some with the
 * characters scripts trip over), crashes, restarts, time bombs and prints, then every
 * crashed server restarted and every client's log printed. It keeps the course's own
 * rules: {@code start} first and once, {@code allClear} after every restart and before every
 * {@code timeBombLeader}, crash only what runs, restart only what does not.
 *
 * <p>Which server a time bomb takes is not in the script: the generator guesses the leader
 * (the lowest server up when the last one died, as leaders are elected here; leadership
 * stays while its holder lives) to restart it later. A wrong guess only makes a restart or
 * crash a bad line, which the master refuses and reports; {@link ScriptJudge} reads who was
 * alive from the master's trace, not from this guess.
 */
public record RandomScript(long seed, int servers, int clients, List<String> lines) {

    private static final int[] SIZES = {1, 2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 7};
    private static final String[] DECORATIONS = {"", "", "", " #1", ": x", " --", " \"q\"", " 'a b'", " a:b -- #c"};

    public RandomScript {
        lines = List.copyOf(lines);
    }

    public static RandomScript generate(long seed) {
        return new Generator(new Random(seed)).script(seed);
    }

    /** The script as text, one command per line. */
    public String text() {
        return String.join("\n", lines) + "\n";
    }

    private static final class Generator {
        private final Random random;
        private final List<String> out = new ArrayList<>();
        private boolean[] alive;
        private int leader;
        private int sent;

        Generator(Random random) {
            this.random = random;
        }

        RandomScript script(long seed) {
            int n = SIZES[random.nextInt(SIZES.length)];
            int m = 1 + random.nextInt(4);
            alive = new boolean[n];
            java.util.Arrays.fill(alive, true);
            leader = 0;
            out.add("start " + n + " " + m);
            int steps = 8 + random.nextInt(16);
            for (int step = 0; step < steps; step++) {
                int roll = random.nextInt(100);
                if (roll < 40) {
                    send(m);
                } else if (roll < 55) {
                    crash();
                } else if (roll < 68) {
                    restart();
                } else if (roll < 78) {
                    out.add("allClear");
                } else if (roll < 86) {
                    timeBomb(m);
                } else {
                    out.add("printChatLog " + random.nextInt(m));
                }
            }
            for (int i = 0; i < n; i++) {
                if (!alive[i]) {
                    restart(i);
                }
            }
            out.add("allClear");
            for (int c = 0; c < m; c++) {
                out.add("printChatLog " + c);
            }
            return new RandomScript(seed, n, m, out);
        }

        private void send(int clients) {
            int client = random.nextInt(clients);
            out.add("sendMessage " + client + " c" + client + "-m" + sent++
                    + DECORATIONS[random.nextInt(DECORATIONS.length)]);
        }

        private void crash() {
            List<Integer> up = servers(true);
            if (up.isEmpty()) {
                return;
            }
            int server = up.get(random.nextInt(up.size()));
            out.add("crashServer " + server);
            died(server);
        }

        private void restart() {
            List<Integer> down = servers(false);
            if (!down.isEmpty()) {
                restart(down.get(random.nextInt(down.size())));
            }
        }

        private void restart(int server) {
            out.add("restartServer " + server);
            alive[server] = true;
            elect();
            out.add("allClear");
        }

        /**
         * Only with a majority up, where there is a leader to take; a send follows, so that
         * the bomb (at most one message per other server) goes off before anything else.
         */
        private void timeBomb(int clients) {
            if (servers(true).size() < alive.length / 2 + 1) {
                return;
            }
            out.add("allClear");
            out.add("timeBombLeader " + random.nextInt(alive.length));
            died(leader);
            send(clients);
        }

        private void died(int server) {
            alive[server] = false;
            if (server == leader) {
                leader = -1;
            }
            elect();
        }

        /** A new leader is elected as soon as a majority is up: the lowest server up then. */
        private void elect() {
            if (leader < 0 && servers(true).size() >= alive.length / 2 + 1) {
                leader = servers(true).get(0);
            }
        }

        private List<Integer> servers(boolean up) {
            List<Integer> result = new ArrayList<>();
            for (int i = 0; i < alive.length; i++) {
                if (alive[i] == up) {
                    result.add(i);
                }
            }
            return result;
        }
    }
}
