package paxoschat.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code paxos.web.*} settings documented in application.yml.
 *
 * @param fastPaths   answer the plain POST /messages, POST /paxos/messages and heartbeat
 *                    without Spring MVC's dispatch ({@link FastPathFilter}); false sends every
 *                    request through MVC (same answers, more CPU per request)
 * @param maxPeerBody the largest body of a request to /paxos/** (a peer's batch of
 *                    messages); larger ones get 413 before they are read. Far above what a
 *                    peer sends (batches, catch-up and snapshot chunks are bounded in bytes),
 *                    it only keeps a broken or hostile peer from filling the heap
 */
@ConfigurationProperties("paxos.web")
public record WebProperties(@DefaultValue("true") boolean fastPaths, @DefaultValue("256MB") DataSize maxPeerBody) {

    public WebProperties {
        if (maxPeerBody.toBytes() < BodySizeLimitFilter.MAX_BODY || maxPeerBody.toBytes() > FastRoute.ANY_BODY) {
            throw new IllegalArgumentException("paxos.web.max-peer-body must be between "
                    + BodySizeLimitFilter.MAX_BODY + " bytes and 2GB");
        }
    }

    /** {@link #maxPeerBody} as a byte count an array can hold. */
    public int maxPeerBodyBytes() {
        return (int) maxPeerBody.toBytes();
    }
}
