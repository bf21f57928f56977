package paxoschat.paxos;

/**
 * When an unanswered 1a or 2a goes out again: {@code resendTicks} after the first send,
 * then each gap twice the one before, up to {@link #MAX_FACTOR} times {@code resendTicks}.
 * Every copy costs the receiver as much as the first, and a peer that is slow to answer
 * answers each copy: ten cold JVMs sharing two cores answered an election's first 1a after
 * 70 to 390 ms, and with a fixed 100 ms gap the campaigner sent 82 1as, and got 82 1bs,
 * where nine of each would have done. A lost message (a crashed or cut-off peer) is still
 * sent again, at most {@code MAX_FACTOR * resendTicks} later.
 */
final class Resends {

    static final int MAX_FACTOR = 4;

    private final int base;
    private int age;
    private int next;
    private int gap;

    Resends(int resendTicks) {
        this.base = resendTicks;
        this.gap = resendTicks;
        this.next = resendTicks;
    }

    /** Ticks since the first send. */
    int age() {
        return age;
    }

    /** Counts one tick; true when the unanswered messages are due to go out again. */
    boolean tick() {
        if (++age < next) {
            return false;
        }
        gap = Math.min(gap * 2, base * MAX_FACTOR);
        next = age + gap;
        return true;
    }
}
