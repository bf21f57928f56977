package paxoschat.chat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code paxos.stream.*} settings of {@code GET /chatlog/stream} ({@link ChatStream}),
 * documented in application.yml.
 *
 * @param maxStreams        streams open at once; beyond it a new one is answered 503 with
 *                          Retry-After. Each holds a connection, not a thread.
 * @param heartbeatInterval an idle stream gets a comment this often: it keeps proxies from
 *                          closing the connection, and a write to a client that went away
 *                          fails, which closes the stream
 * @param maxDuration       a stream is ended after this long; the browser reconnects with
 *                          Last-Event-ID and resumes where it was, so a connection that is
 *                          dead without an error (nothing ever answers) holds its place no
 *                          longer than this
 * @param retry             the reconnection delay the stream tells the browser ({@code retry:})
 */
@ConfigurationProperties("paxos.stream")
public record StreamProperties(@DefaultValue("256") int maxStreams,
                               @DefaultValue("15s") Duration heartbeatInterval,
                               @DefaultValue("5m") Duration maxDuration,
                               @DefaultValue("1s") Duration retry) {

    public StreamProperties {
        if (maxStreams < 0) {
            throw new IllegalArgumentException("paxos.stream.max-streams must be at least 0");
        }
        for (Duration d : new Duration[] {heartbeatInterval, maxDuration, retry}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("paxos.stream.heartbeat-interval, max-duration and retry"
                        + " must be positive durations");
            }
        }
    }
}
