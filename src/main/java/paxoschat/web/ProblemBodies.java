package paxoschat.web;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of RFC 9457 problem bodies: Spring MVC writes every {@link ProblemDetail}
 * through it ({@link ProblemBodyConverter}), and so do the fast paths and the filters that
 * answer before MVC. The fields come out sorted by name, without the default type
 * {@code about:blank}, with the request's path as the instance unless one was set.
 */
public final class ProblemBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemBodies() {
    }

    /** The body of {@code problem}; {@code path} is its instance unless it names one (null: none). */
    public static byte[] json(ProblemDetail problem, String path) {
        Map<String, Object> fields = new TreeMap<>();
        if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
            fields.put("type", problem.getType().toString());
        }
        if (problem.getTitle() != null) {
            fields.put("title", problem.getTitle());
        }
        fields.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            fields.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            fields.put("instance", problem.getInstance().toString());
        } else if (path != null) {
            fields.put("instance", path);
        }
        if (problem.getProperties() != null) {
            fields.putAll(problem.getProperties());
        }
        return JSON.writeValueAsBytes(fields);
    }

    /** Answers with {@code problem} (its status, problem+json) to a request for {@code path}. */
    public static void write(HttpServletResponse response, ProblemDetail problem, String path) throws IOException {
        byte[] body = json(problem, path);
        response.setStatus(problem.getStatus());
        // Bytes, not a Writer: a Writer would append a charset to the media type.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
