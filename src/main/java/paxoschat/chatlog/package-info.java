/**
 * The chat log as a running server holds it, behind the core's {@link paxoschat.paxos.ChatLog}
 * interface: {@link paxoschat.chatlog.SharedChatLog} lets request threads read while the node
 * thread appends, and moves older entries to a {@link paxoschat.chatlog.ColdStore} (in disk
 * mode, storage's file) so that memory does not grow with the log.
 *
 * <p>Its own package, not the core's (which has no locks) and not storage's (memory mode
 * uses it too, without a cold store). May depend on: {@code paxoschat.paxos} and the JDK.
 * Nothing of Spring, HTTP or files.
 */
package paxoschat.chatlog;
