package paxoschat.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The one guard of every fast path: what counts as plain. */
class FastRouteTest {

    private static final FastRoute POST = FastRoute.postJson("/p", 10);
    private static final FastRoute GET = FastRoute.get("/g", "*/*");

    private static MockHttpServletRequest post(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
        request.setAsyncSupported(true);
        if (contentType != null) {
            request.setContentType(contentType);
        }
        request.setContent(body.getBytes());
        return request;
    }

    private static MockHttpServletRequest get() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/g");
        request.setAsyncSupported(true);
        return request;
    }

    @Test
    void aJsonPostWithinTheBoundIsPlain() {
        assertThat(POST.isPlain(post("application/json", "[]"))).isTrue();
        assertThat(POST.isPlain(post("application/json;charset=UTF-8", "0123456789"))).isTrue();
        assertThat(POST.isPlain(post("Application/JSON ; charset=utf-8", "{}"))).isTrue();
        MockHttpServletRequest accepting = post("application/json", "{}");
        accepting.addHeader("Accept", "text/plain");
        assertThat(POST.isPlain(accepting)).as("answers of a POST route name their content type").isTrue();
    }

    @Test
    void anythingElseIsLeftToMvc() {
        assertThat(POST.isPlain(post("application/json", "01234567890"))).as("over the bound").isFalse();
        assertThat(POST.isPlain(post(null, "{}"))).isFalse();
        assertThat(POST.isPlain(post("text/plain", "{}"))).isFalse();
        assertThat(POST.isPlain(post("application/jsonx", "{}"))).isFalse();
        assertThat(POST.isPlain(post("application/json-seq", "{}"))).isFalse();
        assertThat(POST.isPlain(post("application/x-www-form-urlencoded", "a=b"))).isFalse();
        MockHttpServletRequest query = post("application/json", "{}");
        query.setQueryString("x=1");
        assertThat(POST.isPlain(query)).isFalse();
        MockHttpServletRequest put = post("application/json", "{}");
        put.setMethod("PUT");
        assertThat(POST.isPlain(put)).isFalse();
        MockHttpServletRequest sync = post("application/json", "{}");
        sync.setAsyncSupported(false);
        assertThat(POST.isPlain(sync)).as("a filter before us that is not async-supported").isFalse();
        MockHttpServletRequest unknownLength = new MockHttpServletRequest("POST", "/p") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        unknownLength.setAsyncSupported(true);
        unknownLength.setContentType("application/json");
        assertThat(POST.isPlain(unknownLength)).as("chunked").isFalse();
    }

    @Test
    void aGetIsPlainOnlyForTheAcceptHeadersItNames() {
        assertThat(GET.isPlain(get())).isTrue();
        MockHttpServletRequest any = get();
        any.addHeader("Accept", "*/*");
        assertThat(GET.isPlain(any)).isTrue();
        for (String accept : new String[] {"application/json", "text/plain", "*/*;q=0.5"}) {
            MockHttpServletRequest other = get();
            other.addHeader("Accept", accept);
            assertThat(GET.isPlain(other)).as(accept).isFalse();
        }
        MockHttpServletRequest twice = get();
        twice.addHeader("Accept", "*/*");
        twice.addHeader("Accept", "text/plain");
        assertThat(GET.isPlain(twice)).isFalse();
        MockHttpServletRequest head = get();
        head.setMethod("HEAD");
        assertThat(GET.isPlain(head)).isFalse();
    }
}
