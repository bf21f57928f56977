/**
 * Paxos messages between servers, as JSON over HTTP: {@link paxoschat.transport.PeerTransport}
 * sends batches with OkHttp; {@link paxoschat.transport.PaxosInbox} receives them (age check,
 * strict decoding by {@link paxoschat.transport.MessageCodec}, faults, delivery to the node),
 * reached through {@link paxoschat.transport.PaxosController} (Spring MVC) or
 * {@link paxoschat.transport.FastPaxosMessages} (the web layer's fast path).
 *
 * <p>May depend on: {@code paxoschat.paxos} (the messages), {@code paxoschat.node} (the
 * node runner it delivers to and sends for), {@code paxoschat.server} (settings), {@code paxoschat.faults},
 * {@code paxoschat.web}, OkHttp, Jackson, Spring Web and MVC.
 */
package paxoschat.transport;
