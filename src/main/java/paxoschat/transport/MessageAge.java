package paxoschat.transport;

import paxoschat.paxos.Message;

/**
 * Which messages a sender drops once they waited in its queue longer than messageMaxAge:
 * phase 1 and phase 2 messages, which their scouts and commanders resend while they still
 * need them. Decisions and catch-up replies are chosen values, and client requests are
 * idempotent: they are sent however long they waited, and dropping a large catch-up reply
 * would only make catching up slower. Safety depends on none of this (paxos/Recovery.java).
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

    static boolean expires(Message m) {
        return m instanceof Message.P1a || m instanceof Message.P1b
                || m instanceof Message.P2a || m instanceof Message.P2b;
    }
}
