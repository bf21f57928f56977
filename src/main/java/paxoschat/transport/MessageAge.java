package paxoschat.transport;

import paxoschat.paxos.Message;

/**
 * Which messages expire after messageMaxAge. The recovery of an amnesiac server is safe
 * only if no phase 1 or phase 2 message (a ballot's vote or its request) arrives later
 * than that (paxos/Recovery.java). Decisions and catch-up replies are chosen values, and
 * client requests are idempotent: delivering them late is harmless, and dropping a large
 * catch-up reply that took long to send would only make catching up slower.
 */
final class MessageAge {

    private MessageAge() {
    }

    /**
     * Catch-up replies can be megabytes; each gets a POST of its own (PeerTransport), so the
     * window of replies answering one request travels in parallel and no small vote waits
     * behind several of them in one body.
     */
    static boolean isBulk(Message m) {
        return m instanceof Message.CatchUpReply || m instanceof Message.SnapshotReply;
    }

    static boolean mustBeFresh(Message m) {
        return m instanceof Message.P1a || m instanceof Message.P1b
                || m instanceof Message.P2a || m instanceof Message.P2b;
    }
}
