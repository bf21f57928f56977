package paxoschat.web;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * For the fast-path filters that answer without Spring MVC: their registration ahead of
 * every other filter, and writing a {@link ResponseEntity} straight to the servlet response.
 * Problem details come out as Spring writes them (detail, instance, status, title, type
 * unless about:blank).
 */
public final class FastResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FastResponses() {
    }

    /** Registers {@code filter} for {@code path}, first of all filters, for async requests too. */
    public static <F extends Filter> FilterRegistrationBean<F> registerFirst(F filter, String path) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(path);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }

    public static void write(HttpServletResponse response, ResponseEntity<?> entity, String path) throws IOException {
        response.setStatus(entity.getStatusCode().value());
        entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        Object body = entity.getBody();
        if (body == null) {
            return;
        }
        if (body instanceof ProblemDetail p) {
            body = problem(p, path);
            if (response.getContentType() == null) {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            }
        } else if (response.getContentType() == null) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        }
        byte[] bytes = json(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A body as {@link #write} serializes it. */
    public static byte[] json(Object body) {
        return JSON.writeValueAsBytes(body);
    }

    private static Map<String, Object> problem(ProblemDetail p, String path) {
        // Spring writes the fields sorted by name and leaves out the default type.
        Map<String, Object> m = new TreeMap<>();
        if (p.getType() != null && !"about:blank".equals(p.getType().toString())) {
            m.put("type", p.getType().toString());
        }
        if (p.getTitle() != null) {
            m.put("title", p.getTitle());
        }
        m.put("status", p.getStatus());
        if (p.getDetail() != null) {
            m.put("detail", p.getDetail());
        }
        m.put("instance", p.getInstance() != null ? p.getInstance().toString() : path);
        if (p.getProperties() != null) {
            m.putAll(p.getProperties());
        }
        return m;
    }
}
