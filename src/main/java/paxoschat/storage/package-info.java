/**
 * Where a node's durable records go (docs/storage.md): {@link paxoschat.storage.DiskStorage},
 * a write-ahead log with snapshots in a data directory, made of the segment writer, the
 * replay that repairs a torn tail, the snapshot files and their writer thread, and the
 * directory lock; {@link paxoschat.storage.GroupCommit}, one fsync for many steps; the file
 * that holds the chat log's older entries; and {@link paxoschat.storage.MemoryStorage}, the
 * twin that keeps nothing.
 *
 * <p>Plain Java, no Spring. May depend on: {@code paxoschat.paxos} (the records it stores),
 * {@code paxoschat.chatlog} (the chat log it fills at start), the JDK and SLF4J.
 */
package paxoschat.storage;
