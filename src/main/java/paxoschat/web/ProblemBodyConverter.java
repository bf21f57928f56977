package paxoschat.web;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Spring MVC's writer of {@link ProblemDetail} bodies, ahead of Jackson's: whoever made the
 * problem (our advice, a controller, Spring's own 404, 405, 406 or 415), its bytes come from
 * {@link ProblemBodies}, as a fast path's do. Spring still picks the media type (always
 * application/problem+json for a problem) and fills in the instance.
 */
final class ProblemBodyConverter implements HttpMessageConverter<ProblemDetail> {

    private static final List<MediaType> TYPES = List.of(MediaType.APPLICATION_PROBLEM_JSON,
            MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        if (!ProblemDetail.class.isAssignableFrom(clazz)) {
            return false;
        }
        if (mediaType == null || mediaType.isWildcardType()) {
            return true;
        }
        for (MediaType type : TYPES) {
            if (type.includes(mediaType)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<MediaType> getSupportedMediaTypes() {
        return TYPES;
    }

    @Override
    public ProblemDetail read(Class<? extends ProblemDetail> clazz, HttpInputMessage inputMessage) {
        throw new HttpMessageNotReadableException("problem details are written, never read", inputMessage);
    }

    @Override
    public void write(ProblemDetail problem, MediaType contentType, HttpOutputMessage outputMessage)
            throws IOException {
        byte[] body = ProblemBodies.json(problem, null);
        HttpHeaders headers = outputMessage.getHeaders();
        if (headers.getContentType() == null) {
            headers.setContentType(contentType == null || contentType.isWildcardType() || contentType.isWildcardSubtype()
                    ? MediaType.APPLICATION_PROBLEM_JSON : contentType);
        }
        headers.setContentLength(body.length);
        outputMessage.getBody().write(body);
    }
}
