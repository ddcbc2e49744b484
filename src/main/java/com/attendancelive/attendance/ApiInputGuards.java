package com.attendancelive.attendance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import com.attendancelive.shared.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Input checks that run before any attendance handler: body size and path identifiers. */
final class ApiInputGuards {

    static final int MAX_BODY_BYTES = 16 * 1024;

    private ApiInputGuards() {
    }

    /** Bodies over 16 KiB under {@code /api/} get 413, whether announced by Content-Length or not. */
    static final class BodySizeLimit extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith("/api/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long declared = request.getContentLengthLong();
            if (declared > MAX_BODY_BYTES) {
                tooLarge(request, response);
                return;
            }
            if (declared >= 0) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                tooLarge(request, response);
                return;
            }
            chain.doFilter(new CachedBody(request, body), response);
        }

        private static byte[] readAtMost(InputStream in, int limit) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (out.size() < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }

        private static void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
            writeProblem(response, HttpStatus.CONTENT_TOO_LARGE, "Request bodies are limited to " + MAX_BODY_BYTES + " bytes",
                    request.getRequestURI());
        }
    }

    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }

    /** Every path variable of an attendance handler must be an identifier: 400 otherwise. */
    static final class IdentifierCheck implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request
                    .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            if (variables != null) {
                variables.forEach(ApiInputGuards::requireIdentifier);
            }
            return true;
        }
    }

    /** 400 unless {@code value} matches the contract's identifier grammar. */
    static void requireIdentifier(String what, String value) {
        if (value == null || !Protocol.IDENTIFIER.matcher(value).matches()) {
            throw ApiException.badRequest(what + " must match " + Protocol.IDENTIFIER_GRAMMAR);
        }
    }

    private static final JacksonJsonHttpMessageConverter PROBLEM_JSON = new JacksonJsonHttpMessageConverter();
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final MediaType PROBLEM_JSON_UTF8 = new MediaType(MediaType.APPLICATION_PROBLEM_JSON, StandardCharsets.UTF_8);

    /** Writes the problem the way Spring MVC writes a {@link ProblemDetail}: this filter runs before MVC. */
    static void writeProblem(HttpServletResponse response, HttpStatus status, String detail, String instance)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ABOUT_BLANK); // these bodies have always named it; MVC's leave it implicit
        problem.setInstance(uri(instance));
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(status);
        PROBLEM_JSON.write(problem, PROBLEM_JSON_UTF8, out);
    }

    private static URI uri(String path) {
        try {
            return URI.create(path);
        }
        catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
