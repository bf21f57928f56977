package paxoschat.transport;

import paxoschat.faults.FaultInjector;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.node.NodeRunner;
import paxoschat.paxos.Message;
import paxoschat.server.BadRequestException;
import paxoschat.server.BufferedBodyRequest;
import paxoschat.server.FastResponses;
import paxoschat.server.PaxosProperties;

/**
 * {@code POST /paxos/messages} from a peer, answered without Spring MVC: every Paxos hop
 * pays for this request, and the MVC machinery around {@link PaxosController} cost more
 * than decoding the messages. A batch that is not plainly valid (form content, bad JSON or
 * message) goes on to the controller with its body, which answers with the usual problem
 * details; the checks are the controller's own.
 */
final class FastPaxosMessages implements Filter {

    private final MessageCodec codec;
    private final NodeRunner runner;
    private final PaxosProperties properties;
    /** With fault testing on, every batch goes through the controller and its fault filter. */
    private final boolean faultsEnabled;

    FastPaxosMessages(MessageCodec codec, NodeRunner runner, PaxosProperties properties, boolean faultsEnabled) {
        this.codec = codec;
        this.runner = runner;
        this.properties = properties;
        this.faultsEnabled = faultsEnabled;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<FastPaxosMessages> fastPaxosMessages(MessageCodec codec, NodeRunner runner,
                PaxosProperties properties, org.springframework.beans.factory.ObjectProvider<FaultInjector> faults) {
            return FastResponses.registerFirst(
                    new FastPaxosMessages(codec, runner, properties, faults.getIfAvailable() != null), PeerTransport.PATH);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String contentType = request.getContentType();
        if (faultsEnabled || !"POST".equals(request.getMethod()) || !PeerTransport.PATH.equals(request.getRequestURI())
                || contentType == null || !contentType.startsWith("application/json")) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        List<Message> messages;
        try {
            messages = codec.decode(body, properties.clusterSize());
        } catch (BadRequestException e) {
            chain.doFilter(new BufferedBodyRequest(request, body), res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        FastResponses.write(response, PaxosController.deliver(runner, messages), PeerTransport.PATH);
    }
}
