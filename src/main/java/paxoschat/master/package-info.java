/**
 * The master CLI (SPEC §1): reads a course script, starts, crashes and restarts server
 * processes, drives the script's chat clients over the servers' public HTTP API, decides
 * when the cluster is idle ({@code allClear}), and prints only what {@code printChatLog}
 * asks for; {@code serve N} keeps a cluster running for people and benchmarks. It also owns
 * the run's directories: its logs, and in disk mode (the default) each server's data.
 *
 * <p>Plain Java so that it starts in a fraction of a second: no Spring. May depend on the
 * JDK, OkHttp, Jackson, {@link paxoschat.net} and {@link paxoschat.warmstart} (to restore
 * servers from the warm image and hand them their arguments). It never imports the
 * server's packages ({@code server}, {@code paxos}, {@code storage}, …): it knows servers
 * only through their HTTP interface and command line, as any client would.
 */
package paxoschat.master;
