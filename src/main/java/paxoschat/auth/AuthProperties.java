package paxoschat.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code paxos.auth.*} settings documented in application.yml. The settings name files;
 * the secrets themselves are never settings ({@link SecretFile}).
 *
 * @param enabled        /paxos/** and /admin/** take signed requests only; off, anyone who
 *                       reaches the port can speak for a peer (a warning says so at start)
 * @param clusterKeyFile the servers' shared secret; empty: environment variable
 *                       PAXOS_CLUSTER_KEY; neither with {@code enabled}: the server will not
 *                       start, unless it is a cluster of one (no peer to share it with)
 * @param adminKeyFile   the secret of admin calls; empty: environment variable PAXOS_ADMIN_KEY;
 *                       neither: every admin call is refused (403)
 * @param writersFile    empty: anyone may post to the chat; else who may (see ChatWriters),
 *                       with {@code Authorization: Bearer TOKEN}, and only as themselves;
 *                       reads stay open, health details are for identified callers only
 */
@ConfigurationProperties("paxos.auth")
public record AuthProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String clusterKeyFile,
        @DefaultValue("") String adminKeyFile,
        @DefaultValue("") String writersFile) {

    static final String CLUSTER_KEY_VARIABLE = "PAXOS_CLUSTER_KEY";
    static final String ADMIN_KEY_VARIABLE = "PAXOS_ADMIN_KEY";
}
