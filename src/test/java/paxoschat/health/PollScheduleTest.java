package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;

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
        // No candidate below node 2 but the leader: node 2 is the successor.
        int watched = schedule.watched(follower, peer -> peer == 0);
        assertThat(watched).isZero();
        assertThat(schedule.due(follower, 0, true, false, RECENT, watched)).isTrue();
        assertThat(schedule.due(follower, 1, true, false, RECENT, watched)).isFalse();
        assertThat(schedule.due(follower, 3, true, false, RECENT, watched)).isFalse();
        // The leader's interval for its followers does not apply between followers.
        assertThat(schedule.due(follower, 1, true, false, FOLLOWER, watched)).isFalse();
        assertThat(schedule.due(follower, 1, true, false, BACKGROUND, watched)).isTrue();
    }

    @Test
    void theNextInLineWatchesTheSuccessorAndTheLeaderOnlyInTheBackground() {
        NodeView follower = view(true, false, false, 0);
        // Node 1 is up and would campaign before node 2 if leader 0 failed: node 2 watches node 1,
        // so that it learns within a round when both fail together.
        int watched = schedule.watched(follower, peer -> peer == 1);
        assertThat(watched).isEqualTo(1);
        assertThat(schedule.due(follower, 1, true, false, RECENT, watched)).isTrue();
        assertThat(schedule.due(follower, 0, true, false, RECENT, watched)).isFalse();
        assertThat(schedule.due(follower, 0, true, false, FOLLOWER, watched)).isFalse();
        assertThat(schedule.due(follower, 0, true, false, BACKGROUND, watched)).isTrue();
        assertThat(schedule.due(follower, 3, true, false, RECENT, watched)).isFalse();
        // Node 1 down or recovering: node 2 is the successor now and watches the leader.
        assertThat(schedule.watched(follower, peer -> false)).isZero();
        // Two candidates before it (nodes 1 and 2 for node 3): it watches nobody.
        PollSchedule third = new PollSchedule(3, BACKGROUND, FOLLOWER);
        NodeView thirdsView = new NodeView(3, true, false, false, new Ballot(1, 0), 0, 0, 0, false);
        assertThat(third.watched(thirdsView, peer -> peer <= 2)).isEqualTo(-1);
        assertThat(third.watched(thirdsView, peer -> peer != 1)).isEqualTo(2);
        assertThat(third.due(thirdsView, 0, true, false, RECENT, -1)).isFalse();
        assertThat(third.due(thirdsView, 2, true, false, RECENT, -1)).isFalse();
    }

    @Test
    void nobodyIsWatchedWithoutALeaderOrByTheLeader() {
        assertThat(schedule.watched(view(true, false, false, -1), peer -> true)).isEqualTo(-1);
        assertThat(schedule.watched(view(true, false, true, 2), peer -> true)).isEqualTo(-1);
        // A leader numbered above this follower: the candidates below it still come first.
        NodeView underLeader3 = view(true, false, false, 3);
        assertThat(schedule.watched(underLeader3, peer -> peer == 3)).isEqualTo(3);
        assertThat(schedule.watched(underLeader3, peer -> peer == 0 || peer == 3)).isZero();
        // Without a leader it polls everybody every round once it knew one.
        schedule.startRound(view(true, false, false, 0));
        NodeView leaderless = view(true, false, false, -1);
        assertThat(schedule.due(leaderless, 0, true, false, RECENT, -1)).isTrue();
    }

    @Test
    void aNewBallotIsNoticedOnceSoThatEveryoneIsPolledAfterAnElection() {
        NodeView before = view(true, false, false, 0);
        assertThat(schedule.startRound(before)).as("the first round").isTrue();
        assertThat(schedule.startRound(before)).isFalse();
        NodeView after = new NodeView(2, true, false, false, new Ballot(2, 1), 0, 0, 0, false);
        assertThat(schedule.startRound(after)).isTrue();
        assertThat(schedule.startRound(after)).isFalse();
    }

    @Test
    void aLeaderSeenOnlyInARoundThatPolledEverybodyCountsAsKnown() {
        // The first election's round polls everybody because the ballot changed, without
        // asking due(); the leader crashes before the next round.
        NodeView elected = view(true, false, false, 0);
        assertThat(schedule.startRound(elected)).isTrue();
        NodeView leaderless = new NodeView(2, true, false, false, elected.ballot(), -1, 0, 0, false);
        assertThat(schedule.startRound(leaderless)).isFalse();
        // It knew a leader, so it polls everybody every round to elect the next one.
        assertThat(schedule.due(leaderless, 1, true, false, RECENT, -1)).isTrue();
    }

    @Test
    void whileRecoveringNotReadyOrCampaigningEveryoneIsPolledEveryRound() {
        for (NodeView v : new NodeView[] {view(false, true, false, 0), view(false, false, false, 0),
                view(true, false, false, 2)}) {
            assertThat(schedule.due(v, 1, true, false, RECENT, -1)).as(v.toString()).isTrue();
            assertThat(schedule.due(v, 3, true, false, RECENT, -1)).as(v.toString()).isTrue();
        }
    }

    @Test
    void theLeaderPollsDownAndRecoveringPeersEveryRoundAndTheOthersEveryFollowerInterval() {
        NodeView leader = view(true, false, true, 2);
        assertThat(schedule.due(leader, 1, true, false, RECENT, -1)).isFalse();
        assertThat(schedule.due(leader, 1, true, false, FOLLOWER, -1)).isTrue();
        // A restarted server: the leader must see it recovering before it campaigns again.
        assertThat(schedule.due(leader, 1, false, false, RECENT, -1)).isTrue();
        assertThat(schedule.due(leader, 3, true, true, RECENT, -1)).isTrue();
    }

    @Test
    void afterLosingItsLeaderAFollowerPollsEveryoneEveryRound() {
        schedule.startRound(view(true, false, false, 0));
        assertThat(schedule.due(view(true, false, false, 0), 1, true, false, RECENT, -1)).isFalse();
        NodeView leaderless = view(true, false, false, -1);
        schedule.startRound(leaderless);
        assertThat(schedule.due(leaderless, 1, true, false, RECENT, -1)).isTrue();
        assertThat(schedule.due(leaderless, 3, true, false, RECENT, -1)).isTrue();
    }

    @Test
    void aServerThatNeverKnewALeaderPollsPeersThatAreUpInTheBackground() {
        // Servers starting together: they elect once all are up (see PaxosNode), so
        // polling each other ten times a second would only slow each other's start.
        NodeView starting = view(true, false, false, -1);
        assertThat(schedule.due(starting, 1, true, false, FOLLOWER, -1)).isFalse();
        assertThat(schedule.due(starting, 1, true, false, BACKGROUND, -1)).isTrue();
        // Peers still starting are polled every round, so the election starts when the last is up.
        assertThat(schedule.due(starting, 3, false, false, RECENT, -1)).isTrue();
    }

    @Test
    void neverItself() {
        assertThat(schedule.due(view(true, false, true, 2), 2, true, false, BACKGROUND, -1)).isFalse();
    }
}
