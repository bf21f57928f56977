package paxoschat.server;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.stereotype.Component;

/**
 * With {@code paxos.exit-with-parent}, the master that spawned this server keeps a pipe to
 * its standard input open; EOF means the master is gone (even if it was SIGKILLed), so the
 * server halts instead of lingering as an orphan.
 */
@Component
class ParentWatcher {

    ParentWatcher(PaxosProperties properties, Halt halt) {
        if (!properties.exitWithParent()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // Whatever the parent writes is ignored; only EOF matters.
                }
            } catch (IOException e) {
                // A broken pipe also means the parent is gone.
            }
            halt.halt(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
