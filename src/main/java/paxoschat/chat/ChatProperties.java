package paxoschat.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code paxos.chat.*} settings documented in application.yml: what bounds the memory
 * and threads that readers of the chat log can take.
 *
 * @param maxPageBytes a page of {@code GET /chatlog} holds at most this much text (but one
 *                     entry): 10,000 entries of 10,000 characters would be 300 MB
 * @param maxLongPolls long polls ({@code GET /chatlog?wait=N}) waiting at once; beyond it
 *                     a long poll is answered 503 with Retry-After at once
 */
@ConfigurationProperties("paxos.chat")
public record ChatProperties(@DefaultValue("1MB") DataSize maxPageBytes, @DefaultValue("1024") int maxLongPolls) {

    public ChatProperties {
        if (maxPageBytes.toBytes() < 1 || maxLongPolls < 0) {
            throw new IllegalArgumentException("paxos.chat.max-page-bytes must be positive and"
                    + " paxos.chat.max-long-polls at least 0");
        }
    }

    /** The defaults, for tests that make a store without Spring. */
    public static ChatProperties defaults() {
        return new ChatProperties(DataSize.ofMegabytes(1), 1024);
    }
}
