package paxoschat.paxos;

/**
 * What a linearizable read waits for (GET /chatlog?consistency=linearizable): a leader's
 * word that every slot chosen before the fence was taken is below {@code slot}. The word is
 * good once a commander of {@code ballot} has had a slot at or above {@code slot} chosen;
 * a reader then waits until its own replica has performed every slot below {@code slot}, and
 * its log holds every write acknowledged before the read began. This is Raft's read index,
 * with a real phase 2 as the leader's check that it still leads.
 *
 * <p>Why. The leader takes the fence while its ballot {@code b} is active, after the read
 * began, with {@code slot} its slotIn: every slot it has proposed in {@code b} is below it,
 * and so is every slot its phase 1 learned (adopted() set slotIn above them). Take a value
 * chosen in slot {@code s} with ballot {@code bs} before the read began, and the slot
 * {@code t >= slot} chosen with {@code b} after the fence was taken (proposed with a 2a
 * first sent then, since slotIn only grows and no slot at or above it was proposed in
 * {@code b} yet):
 * <ul>
 * <li>{@code bs > b}: impossible. A majority accepted {@code bs} before the read began, so
 * each of them had promised at least {@code bs} from then on and refused {@code b}'s 2a for
 * {@code t}; no majority could have accepted it, and two majorities meet.</li>
 * <li>{@code bs = b}: this leader proposed {@code s} before the fence, so {@code s < slot}.</li>
 * <li>{@code bs < b}: phase 1 of {@code b} heard from a majority, which meets the majority
 * that accepted {@code bs} in {@code s}. That acceptor accepted before it promised {@code b}
 * (after the promise it would have refused {@code bs}), so its 1b carried a vote for
 * {@code s}, or said it had decided beyond {@code s}, or {@code s} was below the slots the
 * scout asked about because this replica had decided it: in every case adopted() set slotIn
 * above {@code s}, so {@code s < slot}.</li>
 * </ul>
 * Amnesiac acceptors keep this: one votes only after its recovery, which makes it promise
 * above every ballot a majority had seen (see {@link Recovery}). A fence whose leader moved
 * on to another ballot is broken, not held: the argument needs the fresh slot chosen in
 * {@code b} itself. Without a majority, nothing is chosen, so the read waits and gives up.
 *
 * @param ballot the leader's ballot when the fence was taken
 * @param slot   every slot chosen before the fence is below this
 */
public record ReadFence(Ballot ballot, long slot) {
}
