package paxoschat.browser;

import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.chat.ChatStream;
import paxoschat.health.ClusterView;
import paxoschat.server.PaxosProperties;
import paxoschat.web.WebFilterOrder;

/**
 * {@link CrossOriginFilter} on exactly what a chat page needs of another server, the chat
 * API ({@code POST /messages}, {@code GET /chatlog}, {@code GET /chatlog/stream}), before
 * the fast paths (which answer POST /messages themselves). Every other path (the pages,
 * {@code /cluster}, health, {@code /paxos/**}, {@code /admin/**}) gets no CORS headers, so
 * a page of another origin cannot read or call it.
 */
@Configuration(proxyBeanMethods = false)
class CrossOrigin {

    @Bean
    FilterRegistrationBean<CrossOriginFilter> crossOriginRegistration(PaxosProperties properties) {
        CrossOriginFilter filter = new CrossOriginFilter(ClusterView.peerUrls(properties));
        FilterRegistrationBean<CrossOriginFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setUrlPatterns(List.of(CrossOriginFilter.POST_PATH, CrossOriginFilter.LOG_PATH, ChatStream.PATH));
        registration.setOrder(WebFilterOrder.CROSS_ORIGIN);
        registration.setAsyncSupported(true);
        return registration;
    }
}
