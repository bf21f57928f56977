package paxoschat.health;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import paxoschat.server.FastResponses;

/**
 * {@code GET /actuator/health/paxos}, the heartbeat every peer polls ten times a second,
 * answered by Actuator's health endpoint without Spring MVC's dispatch around it. Ten
 * servers poll each other 900 times a second; through the full MVC stack, which at that
 * rate barely leaves the interpreter, those polls alone kept both cores of a 2-core
 * machine busy. The status and body are the endpoint's own (the tests' HeartbeatAnswers
 * compares them with MVC's answer); a request this path does not plainly cover (another
 * method, a query, an Accept header asking for something else) goes on to MVC.
 */
final class FastHeartbeat implements Filter {

    private final HealthEndpointWebExtension health;

    FastHeartbeat(HealthEndpointWebExtension health) {
        this.health = health;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<FastHeartbeat> fastHeartbeat(HealthEndpointWebExtension health) {
            return FastResponses.registerFirst(new FastHeartbeat(health), HeartbeatMonitor.PATH);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!"GET".equals(request.getMethod()) || !HeartbeatMonitor.PATH.equals(request.getRequestURI())
                || request.getQueryString() != null || !acceptsJson(request.getHeader("Accept"))) {
            chain.doFilter(req, res);
            return;
        }
        WebEndpointResponse<HealthDescriptor> answer = health.health(ApiVersion.LATEST, WebServerNamespace.SERVER,
                SecurityContext.NONE, false, "paxos");
        HttpServletResponse response = (HttpServletResponse) res;
        response.setContentType(ApiVersion.LATEST.getProducedMimeType().toString());
        FastResponses.write(response, ResponseEntity.status(answer.getStatus()).body(answer.getBody()),
                HeartbeatMonitor.PATH);
    }

    /** No Accept header, or one that takes JSON: what OkHttp and curl send. */
    private static boolean acceptsJson(String accept) {
        return accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
