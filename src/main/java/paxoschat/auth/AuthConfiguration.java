package paxoschat.auth;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.server.PaxosProperties;
import paxoschat.web.WebFilterOrder;
import paxoschat.web.WebProperties;

/**
 * Reads the secrets at start (a server with authentication on and no cluster secret does
 * not start, and says why, unless it is a cluster of one, which has no peer to share a
 * secret with and gets a random one of its own), registers the {@link AuthGate} first of the web layer's
 * filters, and gives the server's HTTP client the {@link PeerSigning} its requests to peers
 * carry.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    Secrets secrets(AuthProperties auth, PaxosProperties properties) {
        if (!auth.enabled()) {
            log.warn("paxos.auth.enabled is false: anyone who reaches this server's port can speak for a peer"
                    + " and call /admin/ (time bomb, faults)");
            return new Secrets(null, null);
        }
        byte[] cluster = secret(auth.clusterKeyFile(), "paxos.auth.cluster-key-file", AuthProperties.CLUSTER_KEY_VARIABLE);
        byte[] admin = secret(auth.adminKeyFile(), "paxos.auth.admin-key-file", AuthProperties.ADMIN_KEY_VARIABLE);
        if (cluster == null && properties.clusterSize() == 1) {
            // No peer to share a secret with, and nothing signed with this one leaves the process.
            log.info("no cluster secret: a one-server cluster takes no /paxos/ requests; admin calls {}",
                    admin == null ? "are refused (no admin secret either)" : "need the admin secret");
            return new Secrets(SecretFile.fresh().getBytes(java.nio.charset.StandardCharsets.US_ASCII), admin);
        }
        if (cluster == null) {
            throw new IllegalArgumentException("authentication is on (paxos.auth.enabled) but this server has no cluster"
                    + " secret: set paxos.auth.cluster-key-file to a file (mode 0600) holding it, or the environment"
                    + " variable " + AuthProperties.CLUSTER_KEY_VARIABLE + "; every server of the cluster needs the same one"
                    + " (e.g. openssl rand -base64 32). master-cli makes one for the clusters it starts");
        }
        return new Secrets(cluster, admin);
    }

    private static byte[] secret(String file, String setting, String variable) {
        return file == null || file.isBlank() ? SecretFile.fromEnvironment(variable) : SecretFile.read(Path.of(file), setting);
    }

    @Bean
    AuthGate authGate(AuthProperties auth, Secrets secrets, PaxosProperties properties, WebProperties web) {
        ChatWriters writers = auth.writersFile() == null || auth.writersFile().isBlank() ? null
                : ChatWriters.read(Path.of(auth.writersFile()));
        return new AuthGate(auth.enabled(), properties.nodeId(), properties.clusterSize(), secrets.cluster(),
                secrets.admin(), writers, web.maxPeerBodyBytes());
    }

    @Bean
    FilterRegistrationBean<AuthGate> authGateRegistration(AuthGate gate) {
        FilterRegistrationBean<AuthGate> registration = new FilterRegistrationBean<>(gate);
        registration.setOrder(WebFilterOrder.GATE);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    PeerSigning peerSigning(Secrets secrets, PaxosProperties properties) {
        return new PeerSigning(secrets.cluster() == null ? null
                : new SigningInterceptor(secrets.cluster(), Integer.toString(properties.nodeId())));
    }

    /** The secrets read at start; null where there is none. */
    record Secrets(byte[] cluster, byte[] admin) {
    }
}
