/**
 * The warm start: a JVM that has started and exercised servers ({@link
 * paxoschat.warmstart.WarmTemplate}) is checkpointed with CRIU once per build, and the
 * master restores a copy of it for every server it starts, instead of a cold JVM and
 * Spring start. Here: the template, the image's description and restore command
 * ({@link paxoschat.warmstart.WarmImage}), how a restored copy learns which server to be
 * ({@link paxoschat.warmstart.ServerArguments}), and the image rewrite that makes restores
 * cheaper ({@link paxoschat.warmstart.Prefault}).
 *
 * <p>May depend on the JDK, {@link paxoschat.net} and, for the template only, on
 * {@code paxoschat.server} to start servers inside itself. Never on {@code paxoschat.master},
 * which depends on this package.
 */
package paxoschat.warmstart;
