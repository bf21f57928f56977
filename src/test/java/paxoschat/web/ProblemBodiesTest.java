package paxoschat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The one problem body: the shape every problem the server sends has had. */
class ProblemBodiesTest {

    private static String json(ProblemDetail problem, String path) {
        return new String(ProblemBodies.json(problem, path), StandardCharsets.UTF_8);
    }

    @Test
    void fieldsSortedByNameWithoutTheDefaultType() {
        assertThat(json(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "field 'x' is missing"), "/messages"))
                .isEqualTo("{\"detail\":\"field 'x' is missing\",\"instance\":\"/messages\",\"status\":400,"
                        + "\"title\":\"Bad Request\"}");
    }

    @Test
    void anInstanceOrTypeOfItsOwnIsKept() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
        problem.setInstance(URI.create("/elsewhere"));
        problem.setType(URI.create("https://example.org/busy"));
        assertThat(json(problem, "/messages")).isEqualTo("{\"instance\":\"/elsewhere\",\"status\":503,"
                + "\"title\":\"Service Unavailable\",\"type\":\"https://example.org/busy\"}");
        assertThat(json(ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null))
                .isEqualTo("{\"status\":404,\"title\":\"Not Found\"}");
    }
}
