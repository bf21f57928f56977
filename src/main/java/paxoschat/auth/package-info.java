/**
 * Who may call what (SPEC §3, issue 17). Internal requests ({@code /paxos/**}, server to
 * server) and admin requests ({@code /admin/**}, master to server) carry an HMAC-SHA256
 * signature ({@link paxoschat.auth.RequestSignature}) made with a secret the cluster shares
 * ({@code paxos.auth.cluster-key-file}) or a second one for admin calls
 * ({@code paxos.auth.admin-key-file}); {@link paxoschat.auth.SigningInterceptor} signs an
 * OkHttp client's requests, {@link paxoschat.auth.AuthGate} checks every request before
 * anything reads its body, and refuses with 401 or 403 and a problem body. Admin calls
 * carry a nonce the server issued ({@link paxoschat.auth.AdminNonces}), so none works twice.
 * Public chat is open unless {@code paxos.auth.writers-file} names its writers
 * ({@link paxoschat.auth.ChatWriters}, bearer tokens); reads stay anonymous.
 *
 * <p>Keys come from files (mode 0600) or the environment, never from settings a command
 * line or the repository could carry ({@link paxoschat.auth.SecretFile}).
 *
 * <p>May depend on: the JDK's javax.crypto, OkHttp (the signing client side), and, for the
 * gate and its settings only, the servlet API, Spring Boot and {@code paxoschat.web}
 * (problem bodies, buffered bodies, filter order) and {@code paxoschat.server} (the node id
 * and cluster size). The master, the warm start's template and the test harness use only
 * the plain-Java classes (SecretFile, ClusterKeys, RequestSignature, SigningInterceptor,
 * SignedFor).
 */
package paxoschat.auth;
