/**
 * The public chat API (SPEC §3): {@code POST /messages}, {@code GET /chatlog} and its live
 * form {@code GET /chatlog/stream}.
 * {@link paxoschat.chat.ChatService} holds its logic (validation, submitting the command,
 * waiting for the decision, the 201/202/503 answer, pages and long polls);
 * {@link paxoschat.chat.ChatController} (Spring MVC) and {@link paxoschat.chat.FastChatPost}
 * (the web layer's fast path) only carry requests to it. {@link paxoschat.chat.ChatLogStore}
 * is the log as request threads see it, fed by the node. {@link paxoschat.chat.ChatStream}
 * serves {@code GET /chatlog/stream}, the log followed live as Server-Sent Events, each open
 * stream a {@link paxoschat.chat.StreamConnection} that writes without blocking a thread.
 * {@link paxoschat.chat.ReadBarrier} is what a linearizable read waits for: the leader's
 * read fence, asked of the node on the leader and of the leader (over HTTP) elsewhere.
 *
 * <p>May depend on: {@code paxoschat.web}, {@code paxoschat.paxos} (its records),
 * {@code paxoschat.node} (the node runner and its view), {@code paxoschat.server} (settings), {@code paxoschat.health}
 * (whether a majority is in sight), {@code paxoschat.auth} (the writer a request
 * authenticated as), Spring Web and MVC, OkHttp (a follower's read barrier asks the
 * leader), {@code paxoschat.faults} (a partition cuts that request too).
 */
package paxoschat.chat;
