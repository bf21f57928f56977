package paxoschat.node;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.server.PaxosProperties;
import paxoschat.storage.DamagedStorageException;
import paxoschat.storage.DiskStorage;
import paxoschat.storage.MemoryStorage;
import paxoschat.storage.Storage;

/** The node's storage, as paxos.storage and paxos.data-dir say (docs/storage.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataDirectoryProperties.class)
class StorageConfiguration {

    /**
     * How far ahead of its records a log segment is filled with zeros, so that most syncs
     * leave the file's size alone; the choice is measured by bench/fsync (docs/storage.md).
     */
    static final long PREALLOCATE_BYTES = 1L << 20;

    /**
     * Decided when the server starts, not by a condition on the mode: Spring AOT would
     * evaluate that once, at build time (see server/AotRuntimeChecks). The NodeRunner closes
     * it after its last write, so the container does not.
     */
    @Bean(destroyMethod = "")
    Storage nodeStorage(PaxosProperties properties, DataDirectoryProperties directory) {
        if (properties.storage() == PaxosProperties.StorageMode.MEMORY) {
            return MemoryStorage.spilling(Path.of(System.getProperty("java.io.tmpdir")), properties.memoryEntries());
        }
        try {
            return DiskStorage.open(properties.dataPath(), DiskStorage.Options.defaults()
                    .withPreallocateBytes(PREALLOCATE_BYTES).withMemoryEntries(properties.memoryEntries())
                    .forMember(properties.nodeId(), properties.clusterSize(), directory.bootstrap(),
                            directory.lostState() == DataDirectoryProperties.LostState.RECOVER));
        } catch (DamagedStorageException e) {
            String hint = e.getMessage().contains("lost-state") ? "" : ". If the disk cannot be restored, start it"
                    + " with --paxos.lost-state=recover: it then sets the damaged files aside and recovers from its"
                    + " peers before it votes";
            throw new IllegalStateException("node " + properties.nodeId() + ": " + e.getMessage() + hint, e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("node " + properties.nodeId() + ": cannot open storage in "
                    + properties.dataPath().toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
