package paxoschat.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a fast path's {@link ResponseEntity} straight to the servlet response, with the
 * bytes Spring MVC would write for it: JSON bodies through the application's own
 * {@link JsonMapper} (the one MVC's converter uses), problems through {@link ProblemBodies},
 * byte arrays as they are.
 */
final class ResponseWriter {

    private final JsonMapper json;

    ResponseWriter(JsonMapper json) {
        this.json = json;
    }

    void write(HttpServletResponse response, ResponseEntity<?> entity, String path) throws IOException {
        response.setStatus(entity.getStatusCode().value());
        entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        Object body = entity.getBody();
        if (body == null) {
            return;
        }
        byte[] bytes;
        String type;
        if (body instanceof ProblemDetail problem) {
            bytes = ProblemBodies.json(problem, path);
            type = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
        } else if (body instanceof byte[] raw) {
            bytes = raw;
            type = MediaType.APPLICATION_OCTET_STREAM_VALUE;
        } else {
            bytes = json.writeValueAsBytes(body);
            type = MediaType.APPLICATION_JSON_VALUE;
        }
        if (response.getContentType() == null) {
            response.setContentType(type);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
