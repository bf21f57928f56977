/**
 * The web layer's plumbing, one shape for every HTTP request a server answers: strict JSON
 * request bodies ({@link paxoschat.web.JsonBodies}), bad input as
 * {@link paxoschat.web.BadRequestException}, one writer of RFC 9457 problem bodies
 * ({@link paxoschat.web.ProblemBodies}) that Spring MVC's advice and converters, the fast
 * paths and the filters all use, the body size limit, and the fast-path framework.
 *
 * <p>Fast paths: the few requests the servers make most are answered without Spring MVC's
 * dispatch by one filter, {@link paxoschat.web.FastPathFilter}. Each
 * {@link paxoschat.web.FastPath} (in the package of its route) calls the same service as
 * its MVC controller; one guard, {@link paxoschat.web.FastRoute}, decides what is plain
 * enough for it, and one fallback sends everything else, bad input included, on to MVC,
 * whose answer is the reference. paxos.web.fast-paths turns them off; tests compare both
 * answers of one server byte for byte.
 *
 * <p>Filters run in {@link paxoschat.web.WebFilterOrder}: a filter registered at
 * {@link paxoschat.web.WebFilterOrder#GATE} (authentication of /paxos/** and /admin/**,
 * metrics) sees every request, the fast ones included, before any body is read or any
 * answer is written; what only MVC's requests need (Boot's character encoding, the body
 * limit) runs after the fast paths. A timer of a request's work belongs in its service (e.g. the commit
 * latency of POST /messages in chat's ChatService), which both paths call.
 *
 * <p>May depend on: the servlet API, Spring Web and MVC, Spring Boot's servlet
 * registration and message converters, Jackson. On no other package of paxoschat: the
 * packages that serve HTTP (chat, transport, health, admin, faults) depend on it.
 */
package paxoschat.web;
