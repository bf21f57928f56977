package paxoschat.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a disk-mode server does with a data directory that does not hold its state
 * (docs/storage.md, "A lost or damaged directory"), bound from {@code paxos.bootstrap} and
 * {@code paxos.lost-state} (application.yml). The defaults are the safe ones: a server
 * votes only from the promises and votes it made, so one whose directory is missing, empty
 * or damaged refuses to start unless told that it is new, or told to recover.
 *
 * @param bootstrap true only at the first start of a server that has never been part of its
 *                  cluster: a missing or empty data directory is then made anew
 * @param lostState what a server that is not new does when its directory is missing, empty or
 *                  damaged (synced records that do not read back): {@code stop} refuses to
 *                  start, naming the file and offset; {@code recover} sets the damaged files
 *                  aside and restarts amnesiac: it recovers from its peers before it votes,
 *                  as a server of memory mode does
 */
@ConfigurationProperties("paxos")
public record DataDirectoryProperties(@DefaultValue("false") boolean bootstrap,
                                      @DefaultValue("stop") LostState lostState) {

    public enum LostState {
        STOP, RECOVER
    }
}
