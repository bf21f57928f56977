/**
 * What many tests share: one fixture that starts real server processes
 * ({@link paxoschat.testing.ServerCluster}, laid out by a {@link paxoschat.testing.ClusterSpec},
 * run by a {@link paxoschat.testing.ServerJvm}: the class path or the packaged jar, optionally
 * inside a network namespace) and stops them by signal, and chat texts of every kind of
 * Unicode ({@link paxoschat.testing.RandomText}).
 *
 * <p>May depend on the server's command-line contract in {@code paxoschat.master}
 * ({@code ServerLauncher}), {@code paxoschat.net} (free ports) and the test secrets of
 * {@code paxoschat.auth}; tests of any package may depend on it, nothing in {@code src/main}.
 */
package paxoschat.testing;
