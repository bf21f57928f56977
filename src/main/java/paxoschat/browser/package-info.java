/**
 * What a person with a browser gets from any server: the chat room at {@code /}, rendered
 * with the last entries of the log in it ({@link paxoschat.browser.ChatRoomPage}), and the
 * cluster dashboard at {@code /cluster.html}, with their scripts (plain static files under
 * {@code src/main/resources/static}, served by {@link paxoschat.browser.BrowserPages}); the
 * cluster as this server sees it ({@code GET /cluster}, {@link paxoschat.browser.ClusterController},
 * which serialises the health package's {@link paxoschat.health.ClusterSnapshot}: every
 * server's URL, so that a chat page can follow another server when its own fails, and each
 * server's role, ballot, decided slot and up/down for the dashboard); and the
 * cross-origin policy that lets a page loaded from one server read from and post to the
 * others ({@link paxoschat.browser.CrossOrigin}). The live log itself is the chat API's
 * ({@code GET /chatlog/stream}, {@link paxoschat.chat.ChatStream}).
 *
 * <p>May depend on: {@code paxoschat.server} (the cluster's settings), {@code paxoschat.health}
 * (the cluster view), {@code paxoschat.paxos} (chat entries), {@code paxoschat.web} (problem bodies,
 * filter order), {@code paxoschat.chat} (the log as request threads see it, the stream's path), Spring Web and MVC.
 */
package paxoschat.browser;
