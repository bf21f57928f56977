package paxoschat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The cross-origin policy on its own: reads open to every origin, POST /messages only to
 * the cluster's own origins, refusals as 403 problems that reach nothing behind the filter.
 */
class CrossOriginFilterTest {

    private static final String SELF = "http://10.0.0.1:8000";
    private static final String PEER = "http://10.0.0.2:8001";
    private final CrossOriginFilter filter = new CrossOriginFilter(List.of(SELF + "/", PEER, "HTTP://Peer.Example:80"));

    private static MockHttpServletRequest request(String method, String path, String origin) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, path);
        r.setScheme("http");
        r.setServerName("10.0.0.1");
        r.setServerPort(8000);
        if (origin != null) {
            r.addHeader("Origin", origin);
        }
        return r;
    }

    /** The filter's answer; {@code passed} tells whether the request went on to the chain. */
    private record Outcome(MockHttpServletResponse response, boolean passed) {
    }

    private Outcome run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(response, chain.getRequest() != null);
    }

    @Test
    void originsAreSchemeHostAndPortWithoutDefaultPortOrPath() {
        assertThat(filter.postOrigins()).containsExactly(SELF, PEER, "http://peer.example");
        assertThat(CrossOriginFilter.origin("https://a.example:443/x")).isEqualTo("https://a.example");
        assertThat(CrossOriginFilter.origin("https://a.example:8443")).isEqualTo("https://a.example:8443");
    }

    @Test
    void aPostFromAPeersPageGoesThroughWithItsOriginAllowed() throws Exception {
        Outcome o = run(request("POST", "/messages", PEER));
        assertThat(o.passed()).isTrue();
        assertThat(o.response().getHeader("Access-Control-Allow-Origin")).isEqualTo(PEER);
        assertThat(o.response().getHeader("Access-Control-Expose-Headers")).contains("Retry-After");
    }

    @Test
    void aPostFromAnotherSiteIsRefusedWith403AndGoesNoFurther() throws Exception {
        Outcome o = run(request("POST", "/messages", "http://evil.example"));
        assertThat(o.passed()).isFalse();
        assertThat(o.response().getStatus()).isEqualTo(403);
        assertThat(o.response().getContentType()).isEqualTo("application/problem+json");
        assertThat(o.response().getContentAsString()).contains("cross-origin request refused");
        assertThat(o.response().getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void readsAreOpenToEveryOrigin() throws Exception {
        for (String path : List.of("/chatlog", "/chatlog/stream")) {
            Outcome o = run(request("GET", path, "http://anywhere.example"));
            assertThat(o.passed()).as(path).isTrue();
            assertThat(o.response().getHeader("Access-Control-Allow-Origin")).as(path).isEqualTo("*");
        }
    }

    @Test
    void preflightsAnswerWhatThePolicyAllowsAndNothingElse() throws Exception {
        MockHttpServletRequest post = request("OPTIONS", "/messages", PEER);
        post.addHeader("Access-Control-Request-Method", "POST");
        post.addHeader("Access-Control-Request-Headers", "content-type");
        Outcome allowed = run(post);
        assertThat(allowed.passed()).isFalse();
        assertThat(allowed.response().getStatus()).isEqualTo(200);
        assertThat(allowed.response().getHeader("Access-Control-Allow-Origin")).isEqualTo(PEER);
        assertThat(allowed.response().getHeader("Access-Control-Allow-Methods")).isEqualTo("POST");

        MockHttpServletRequest stream = request("OPTIONS", "/chatlog/stream", "http://anywhere.example");
        stream.addHeader("Access-Control-Request-Method", "GET");
        stream.addHeader("Access-Control-Request-Headers", "last-event-id");
        assertThat(run(stream).response().getStatus()).isEqualTo(200);

        MockHttpServletRequest write = request("OPTIONS", "/chatlog", "http://anywhere.example");
        write.addHeader("Access-Control-Request-Method", "DELETE");
        Outcome refused = run(write);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.response().getStatus()).isEqualTo(403);
    }

    @Test
    void sameOriginAndNonBrowserRequestsAreNotCrossOrigin() throws Exception {
        assertThat(run(request("POST", "/messages", SELF)).passed()).isTrue();
        assertThat(run(request("POST", "/messages", null)).passed()).isTrue();
    }
}
