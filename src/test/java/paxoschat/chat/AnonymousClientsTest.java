package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import paxoschat.paxos.RequestKey;

class AnonymousClientsTest {

    @Test
    void oneClientCountsUpUntilTheLogGrewByTheRenewalThenTheNextIsBornAtTheLogsLength() {
        AnonymousClients anonymous = new AnonymousClients("anon-0-ab", 100);
        assertThat(anonymous.next(5)).isEqualTo(new RequestKey("anon-0-ab-1@5", 1));
        assertThat(anonymous.next(6)).isEqualTo(new RequestKey("anon-0-ab-1@5", 2));
        assertThat(anonymous.next(104)).isEqualTo(new RequestKey("anon-0-ab-1@5", 3));
        assertThat(anonymous.next(105)).isEqualTo(new RequestKey("anon-0-ab-2@105", 1));
        assertThat(anonymous.next(105)).isEqualTo(new RequestKey("anon-0-ab-2@105", 2));
    }

    @Test
    void renewsAtHalfTheExactlyOnceHorizonByDefault() {
        AnonymousClients anonymous = new AnonymousClients("p");
        long half = RequestKey.EXACTLY_ONCE_HORIZON / 2;
        assertThat(anonymous.next(0).clientId()).isEqualTo("p-1@0");
        assertThat(anonymous.next(half - 1).clientId()).isEqualTo("p-1@0");
        assertThat(anonymous.next(half).clientId()).isEqualTo("p-2@" + half);
    }
}
