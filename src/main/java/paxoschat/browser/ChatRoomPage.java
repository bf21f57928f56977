package paxoschat.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import paxoschat.chat.ChatLogStore;
import paxoschat.paxos.ChatEntry;
import paxoschat.server.PaxosProperties;

/**
 * {@code GET /}: the chat room ({@code classpath:/browser/chat-room.html}) with the last
 * entries of the log already in it, and which server answered. The page reads without
 * JavaScript, and a tool that takes the page as loaded ({@code chromium --dump-dom}, a
 * crawler) sees the log; the script then goes on from the entry after the last rendered
 * one ({@code data-next}) over the stream. Text goes in HTML-escaped only.
 */
@RestController
class ChatRoomPage {

    /** Entries rendered into the page; the script keeps at most as many on it. */
    static final int SHOWN = 500;
    static final String LOG_ELEMENT = "<ol id=\"log\" class=\"log\" aria-live=\"polite\"></ol>";
    static final String SERVER_ELEMENT = "<p id=\"server\" class=\"status\" data-state=\"starting\">starting…</p>";

    private final ChatLogStore store;
    private final int node;
    private final String url;
    private final String template;

    ChatRoomPage(ChatLogStore store, PaxosProperties properties) {
        this.store = store;
        this.node = properties.nodeId();
        this.url = properties.peerUrl(node);
        this.template = template();
    }

    private static String template() {
        try (InputStream in = ChatRoomPage.class.getResourceAsStream("/browser/chat-room.html")) {
            if (in == null) {
                throw new IllegalStateException("browser/chat-room.html is missing from the class path");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!html.contains(LOG_ELEMENT) || !html.contains(SERVER_ELEMENT)) {
                throw new IllegalStateException("browser/chat-room.html lacks the log or server element");
            }
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        long length = store.length();
        ChatLogStore.Slice slice = store.read(Math.max(0, length - SHOWN), SHOWN);
        StringBuilder log = new StringBuilder(LOG_ELEMENT.length() + 100 * slice.entries().size());
        log.append("<ol id=\"log\" class=\"log\" aria-live=\"polite\" data-next=\"").append(slice.next()).append("\">");
        for (ChatEntry e : slice.entries()) {
            log.append("\n      <li data-seq=\"").append(e.seq()).append("\" data-client=\"").append(escape(e.clientId()))
                    .append("\"><span class=\"seq\">#").append(e.seq()).append("</span><span class=\"sender\">")
                    .append(escape(e.sender())).append("</span><span class=\"text\">").append(escape(e.text()))
                    .append("</span></li>");
        }
        log.append("\n    </ol>");
        String server = "<p id=\"server\" class=\"status\" data-state=\"starting\">server " + node + " ("
                + escape(url) + "), starting…</p>";
        String html = template.replace(LOG_ELEMENT, log).replace(SERVER_ELEMENT, server);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
