package paxoschat.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who can vote, from one health snapshot of the live servers. A server restarted without
 * its state (memory mode) reports {@code recovering} and may vote again only once a
 * majority of the <em>other</em> servers promised it a ballot (paxos/Recovery.java), and
 * only servers that kept their state promise: so a cluster decides, and its recovering
 * servers recover, exactly while a majority of all servers are live voters. A recovering
 * server that can never finish is <em>stranded</em>: in memory mode no crashed server
 * comes back with its state, so a stranded cluster stays so.
 *
 * @param voters     live servers that answered and are not recovering
 * @param recovering live servers that answered and are recovering
 * @param silent     live servers that did not answer (may be either)
 */
public record Quorum(int clusterSize, List<Integer> voters, List<Integer> recovering, List<Integer> silent) {

    public Quorum {
        voters = List.copyOf(voters);
        recovering = List.copyOf(recovering);
        silent = List.copyOf(silent);
    }

    public static Quorum of(int clusterSize, Map<Integer, Optional<PaxosHealth>> healthOfAlive) {
        List<Integer> voters = new ArrayList<>();
        List<Integer> recovering = new ArrayList<>();
        List<Integer> silent = new ArrayList<>();
        healthOfAlive.forEach((server, health) -> {
            if (health.isEmpty()) {
                silent.add(server);
            } else if (health.get().recovering()) {
                recovering.add(server);
            } else {
                voters.add(server);
            }
        });
        return new Quorum(clusterSize, voters, recovering, silent);
    }

    public int majority() {
        return clusterSize / 2 + 1;
    }

    /** Whether the live servers can decide now (or once their recoveries finish, which they can). */
    public boolean canDecide() {
        return voters.size() >= majority();
    }

    /**
     * The recovering servers that cannot finish: fewer than a majority of live voters even
     * if every silent server is one. Empty while that is not certain.
     */
    public List<Integer> stranded() {
        // A server alone that lost its state is stranded too: it was the whole majority.
        if (voters.size() + silent.size() >= majority()) {
            return List.of();
        }
        return recovering;
    }

    /** One line for people: why the stranded servers cannot recover. */
    public String explainStranded() {
        return "server" + (stranded().size() == 1 ? " " : "s ") + join(stranded())
                + (stranded().size() == 1 ? " was" : " were") + " restarted without its state and may vote again only"
                + " after recovering from " + majority() + " servers that kept theirs, but "
                + (voters.isEmpty() ? "none is up" : voters.size() + (voters.size() == 1 ? " is" : " are")
                        + " up (" + join(voters) + ")");
    }

    private static String join(List<Integer> servers) {
        return String.join(", ", servers.stream().map(String::valueOf).toList());
    }
}
