package paxoschat.jepsen.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import tools.jackson.databind.json.JsonMapper;

/** The in-memory history of one run; thread-safe; written out as JSON lines on failure. */
public final class History {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long start = System.nanoTime();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    public long millis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    public Event add(String process, String type, String f, Integer server, String clientId, Long requestId,
                     Long seq, Integer count, String detail) {
        Event e = new Event(millis(), process, type, f, server, clientId, requestId, seq, count, detail);
        events.add(e);
        return e;
    }

    public Event note(String process, String type, String f, Integer server, String detail) {
        return add(process, type, f, server, null, null, null, null, detail);
    }

    public List<Event> events() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort((a, b) -> Long.compare(a.millis(), b.millis()));
        return copy;
    }

    /** Writes a header object, every event and a trailer object, one JSON value per line. */
    public void write(Path file, Object header, Object trailer) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(JSON.writeValueAsString(header));
                out.write('\n');
                for (Event e : events()) {
                    out.write(JSON.writeValueAsString(e));
                    out.write('\n');
                }
                out.write(JSON.writeValueAsString(trailer));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
