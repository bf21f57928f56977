/**
 * Small TCP helpers shared by the master, the warm start and the servers' failure detector:
 * free ports picked by the kernel, a port range checked free, and a plain TCP connect as a
 * probe (far cheaper than an HTTP call to a server that is still starting).
 *
 * <p>May depend on the JDK only; everything else may depend on it.
 */
package paxoschat.net;
