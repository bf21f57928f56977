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

import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
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

    /** The endpoint's answer for one state of the node. */
    private record Answer(NodeView view, int status, String contentType, byte[] body) {
    }

    private final HealthEndpointWebExtension health;
    private final NodeRunner runner;
    /**
     * The paxos component is a function of the node's {@link NodeView} alone, which an idle
     * cluster does not change: its answer is computed and serialized once per view, not once
     * per poll (ten idle servers poll each other about 250 times a second).
     */
    private volatile Answer last;

    FastHeartbeat(HealthEndpointWebExtension health, NodeRunner runner) {
        this.health = health;
        this.runner = runner;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<FastHeartbeat> fastHeartbeat(HealthEndpointWebExtension health, NodeRunner runner) {
            return FastResponses.registerFirst(new FastHeartbeat(health, runner), HeartbeatMonitor.PATH);
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
        Answer answer = answer();
        HttpServletResponse response = (HttpServletResponse) res;
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private Answer answer() {
        NodeView view = runner.view();
        Answer cached = last;
        if (cached != null && cached.view().equals(view)) {
            return cached;
        }
        WebEndpointResponse<HealthDescriptor> endpoint = health.health(ApiVersion.LATEST, WebServerNamespace.SERVER,
                SecurityContext.NONE, false, "paxos");
        Answer fresh = new Answer(view, endpoint.getStatus(), ApiVersion.LATEST.getProducedMimeType().toString(),
                endpoint.getBody() == null ? new byte[0] : FastResponses.json(endpoint.getBody()));
        // Kept only if the node did not change while the endpoint read it.
        if (runner.view().equals(view)) {
            last = fresh;
        }
        return fresh;
    }

    /** No Accept header, or one that takes JSON: what OkHttp and curl send. */
    private static boolean acceptsJson(String accept) {
        return accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
