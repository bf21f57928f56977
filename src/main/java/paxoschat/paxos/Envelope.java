package paxoschat.paxos;

/** A message addressed to one node. */
public record Envelope(int to, Message message) {
}
