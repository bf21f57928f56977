package paxoschat.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import paxoschat.paxos.Ballot;

/** What an operator reads in a server's log: one INFO line per leader change and per recovery. */
class ViewPublisherTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ViewPublisher.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ViewPublisher views = new ViewPublisher(3);

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    private static NodeView view(boolean ready, boolean recovering, int leader, long round) {
        return new NodeView(1, ready, recovering, leader == 1, new Ballot(round, Math.max(leader, 0)), leader, 7, 5,
                false);
    }

    private List<String> lines() {
        return appender.list.stream().peek(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void logsEachLeaderChangeOnceAndNothingWhileItStays() {
        views.publish(view(true, false, -1, 0));
        views.publish(view(true, false, 0, 1));
        views.publish(view(true, false, 0, 1));
        views.publish(view(true, false, 1, 2));
        views.publish(view(true, false, -1, 2));

        assertThat(lines()).containsExactly("node 1: leader is node 0, ballot 1.0, decided 7",
                "node 1: leading, ballot 2.1, decided 7", "node 1: no leader known, decided 7");
    }

    @Test
    void logsTheStartAndTheEndOfARecoveryAndReadinessOnceThePortIsKnown() {
        views.publish(view(false, true, -1, 0));
        views.publish(view(false, true, -1, 0));
        views.publish(view(true, false, -1, 0));
        views.servingOn(8123);
        views.publish(view(true, false, -1, 0));
        views.publish(view(true, false, -1, 0));

        assertThat(lines()).containsExactly(
                "node 1: recovering: it votes once a majority of the others promised a ballot of its own",
                "node 1: recovered, decided 7", "paxos-chat node 1 ready on port 8123 (cluster of 3)");
    }
}
