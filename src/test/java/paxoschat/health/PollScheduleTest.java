package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import paxoschat.paxos.Ballot;
import paxoschat.server.NodeView;

class PollScheduleTest {

    private static final long BACKGROUND = 3_000_000_000L;
    private static final long FOLLOWER = 1_000_000_000L;
    private static final long RECENT = FOLLOWER / 10;
    private final PollSchedule schedule = new PollSchedule(2, BACKGROUND, FOLLOWER);

    private static NodeView view(boolean ready, boolean recovering, boolean leading, int leaderHint) {
        return new NodeView(2, ready, recovering, leading, new Ballot(1, Math.max(leaderHint, 0)), leaderHint, 0, 0, false);
    }

    @Test
    void aFollowerPollsItsLeaderEveryRoundAndTheOthersInTheBackground() {
        NodeView follower = view(true, false, false, 0);
        assertThat(schedule.due(follower, 0, true, false, RECENT, true)).isTrue();
        assertThat(schedule.due(follower, 1, true, false, RECENT, true)).isFalse();
        assertThat(schedule.due(follower, 3, true, false, RECENT, true)).isFalse();
        // The leader's interval for its followers does not apply between followers.
        assertThat(schedule.due(follower, 1, true, false, FOLLOWER, true)).isFalse();
        assertThat(schedule.due(follower, 1, true, false, BACKGROUND, true)).isTrue();
    }

    @Test
    void aFollowerThatIsNotTheLeadersSuccessorPollsTheLeaderInTheBackgroundToo() {
        NodeView follower = view(true, false, false, 0);
        // Node 1 is up and would campaign before node 2 if leader 0 failed.
        assertThat(schedule.succeedsLeader(follower, peer -> peer == 1)).isFalse();
        assertThat(schedule.due(follower, 0, true, false, RECENT, false)).isFalse();
        assertThat(schedule.due(follower, 0, true, false, FOLLOWER, false)).isFalse();
        assertThat(schedule.due(follower, 0, true, false, BACKGROUND, false)).isTrue();
        // Node 1 down or recovering, or node 0 the only one below: node 2 watches the leader.
        assertThat(schedule.succeedsLeader(follower, peer -> false)).isTrue();
        assertThat(schedule.succeedsLeader(follower, peer -> peer == 0)).isTrue();
        assertThat(schedule.due(follower, 0, true, false, RECENT, true)).isTrue();
        // Without a leader it polls everybody every round, successor or not.
        NodeView leaderless = view(true, false, false, -1);
        assertThat(schedule.due(leaderless, 0, true, false, RECENT, false)).isTrue();
    }

    @Test
    void aNewBallotIsNoticedOnceSoThatEveryoneIsPolledAfterAnElection() {
        NodeView before = view(true, false, false, 0);
        assertThat(schedule.ballotChanged(before)).as("the first round").isTrue();
        assertThat(schedule.ballotChanged(before)).isFalse();
        NodeView after = new NodeView(2, true, false, false, new Ballot(2, 1), 0, 0, 0, false);
        assertThat(schedule.ballotChanged(after)).isTrue();
        assertThat(schedule.ballotChanged(after)).isFalse();
    }

    @Test
    void whileRecoveringNotReadyOrCampaigningEveryoneIsPolledEveryRound() {
        for (NodeView v : new NodeView[] {view(false, true, false, 0), view(false, false, false, 0),
                view(true, false, false, 2)}) {
            assertThat(schedule.due(v, 1, true, false, RECENT, true)).as(v.toString()).isTrue();
            assertThat(schedule.due(v, 3, true, false, RECENT, true)).as(v.toString()).isTrue();
        }
    }

    @Test
    void theLeaderPollsDownAndRecoveringPeersEveryRoundAndTheOthersEveryFollowerInterval() {
        NodeView leader = view(true, false, true, 2);
        assertThat(schedule.due(leader, 1, true, false, RECENT, true)).isFalse();
        assertThat(schedule.due(leader, 1, true, false, FOLLOWER, true)).isTrue();
        // A restarted server: the leader must see it recovering before it campaigns again.
        assertThat(schedule.due(leader, 1, false, false, RECENT, true)).isTrue();
        assertThat(schedule.due(leader, 3, true, true, RECENT, true)).isTrue();
    }

    @Test
    void afterLosingItsLeaderAFollowerPollsEveryoneEveryRound() {
        assertThat(schedule.due(view(true, false, false, 0), 1, true, false, RECENT, true)).isFalse();
        NodeView leaderless = view(true, false, false, -1);
        assertThat(schedule.due(leaderless, 1, true, false, RECENT, true)).isTrue();
        assertThat(schedule.due(leaderless, 3, true, false, RECENT, true)).isTrue();
    }

    @Test
    void aServerThatNeverKnewALeaderPollsPeersThatAreUpInTheBackground() {
        // Servers starting together: they elect once all are up (see PaxosNode), so
        // polling each other ten times a second would only slow each other's start.
        NodeView starting = view(true, false, false, -1);
        assertThat(schedule.due(starting, 1, true, false, FOLLOWER, true)).isFalse();
        assertThat(schedule.due(starting, 1, true, false, BACKGROUND, true)).isTrue();
        // Peers still starting are polled every round, so the election starts when the last is up.
        assertThat(schedule.due(starting, 3, false, false, RECENT, true)).isTrue();
    }

    @Test
    void neverItself() {
        assertThat(schedule.due(view(true, false, true, 2), 2, true, false, BACKGROUND, true)).isFalse();
    }
}
