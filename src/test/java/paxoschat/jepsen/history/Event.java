package paxoschat.jepsen.history;

/**
 * One line of the history, Jepsen style: a process (a writer, a reader, the nemesis, the
 * probe) invokes an operation and later completes it as ok, fail (it surely did not happen)
 * or info (unknown: it may or may not have happened). Fields that do not apply are null.
 *
 * @param millis    time since the run began
 * @param process   e.g. "writer-2", "reader-0", "nemesis", "probe"
 * @param type      invoke, ok, fail or info
 * @param f         write, read, crash, restart, pause, resume, partition, heal, ...
 * @param server    the server the operation went to, if one
 * @param clientId  a write's client id
 * @param requestId a write's request id
 * @param seq       an acknowledged write's position; a read's from
 * @param count     a read's number of entries
 * @param detail    free text: status, error, the fault applied
 */
public record Event(long millis, String process, String type, String f, Integer server, String clientId,
                   Long requestId, Long seq, Integer count, String detail) {
}
