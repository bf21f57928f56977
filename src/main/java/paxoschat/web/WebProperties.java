package paxoschat.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code paxos.web.*} settings documented in application.yml.
 *
 * @param fastPaths answer the plain POST /messages, POST /paxos/messages and heartbeat
 *                  without Spring MVC's dispatch ({@link FastPathFilter}); false sends every
 *                  request through MVC (same answers, more CPU per request)
 */
@ConfigurationProperties("paxos.web")
public record WebProperties(@DefaultValue("true") boolean fastPaths) {
}
