package paxoschat.paxos;

/** What an acceptor accepted: value {@code value} for {@code slot} in ballot {@code ballot}. */
public record PValue(Ballot ballot, long slot, Batch value) {
}
