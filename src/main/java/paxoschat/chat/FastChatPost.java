package paxoschat.chat;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
import org.springframework.http.ResponseEntity;

import paxoschat.web.BadRequestException;
import paxoschat.web.BufferedBodyRequest;
import paxoschat.web.FastResponses;
import paxoschat.server.PaxosProperties;

/**
 * The plain {@code POST /messages} (a JSON body under 64 KiB with a Content-Length, no
 * {@code Prefer}) answered without Spring MVC. Through the controller a POST costs two
 * passes through the whole MVC machinery, the request and the async dispatch of its
 * DeferredResult; the profile under load put a third of the receiving server's CPU there.
 * Here the request goes async once and the answer is written by the thread that completes
 * it. Everything else, bad input included, goes on to {@link ChatController} with the body
 * it sent, so answers and problem details stay the controller's.
 */
final class FastChatPost implements Filter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FastChatPost.class);

    static final int MAX_BODY = 64 * 1024;
    static final String PATH = "/messages";

    private final ChatController chat;
    private final long asyncTimeoutMillis;

    FastChatPost(ChatController chat, PaxosProperties properties) {
        this.chat = chat;
        this.asyncTimeoutMillis = properties.requestTimeout().plus(ChatController.ASYNC_WAIT).toMillis() + 10_000;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<FastChatPost> fastChatPost(ChatController chat, PaxosProperties properties) {
            return FastResponses.registerFirst(new FastChatPost(chat, properties), PATH);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        long length = request.getContentLengthLong();
        if (!"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI())
                || request.getHeader("Prefer") != null || !isJson(request.getContentType())
                || length <= 0 || length > MAX_BODY || !request.isAsyncSupported()) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        ChatRequest parsed;
        try {
            parsed = ChatRequest.parse(body);
        } catch (BadRequestException e) {
            chain.doFilter(new BufferedBodyRequest(request, body), res);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(asyncTimeoutMillis);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                // A safety net only: the answer's own timer fires well before.
                answer(async, answered, chat.timedOut());
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        chat.answer(parsed, false).thenAccept(entity -> answer(async, answered, entity));
    }

    private static void answer(AsyncContext async, AtomicBoolean answered, ResponseEntity<Object> entity) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            FastResponses.write((HttpServletResponse) async.getResponse(), entity, PATH);
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } catch (RuntimeException e) {
            log.warn("POST /messages: could not write the answer {}", entity.getStatusCode(), e);
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (error or timeout)
            }
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") && (type.length() == 16 || type.charAt(16) == ';' || type.charAt(16) == ' ');
    }
}
