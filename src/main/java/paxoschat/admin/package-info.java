/**
 * Master-to-server controls under {@code /admin/}: the time bomb of SPEC §1
 * ({@code POST /admin/timebomb}). Through Spring MVC only (no fast path: rare requests).
 *
 * <p>May depend on: {@code paxoschat.node} (the node runner), {@code paxoschat.web},
 * Spring Web and MVC.
 */
package paxoschat.admin;
