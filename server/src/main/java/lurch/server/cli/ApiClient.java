package lurch.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The REST API over {@link HttpURLConnection}, which loads faster than java.net.http. Every failure
 * becomes a {@link CliFailure} with the server's own error message, or says the server is unreachable.
 */
final class ApiClient {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Long enough for a long poll ({@code ?wait=60}) to answer. */
    private static final int READ_TIMEOUT_MILLIS = 90_000;

    private final String baseUrl;
    private final String token;

    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    Object getJson(String path) {
        return json(open("GET", path, null, null, READ_TIMEOUT_MILLIS));
    }

    Object postJson(String path, Map<String, ?> body) {
        return sendJson("POST", path, body);
    }

    Object sendJson(String method, String path, Map<String, ?> body) {
        return json(open(method, path, "application/json", JsonData.write(body), READ_TIMEOUT_MILLIS));
    }

    /** Sends {@code body} as text; the answer's JSON, or null when there is none. */
    Object sendText(String method, String path, String body) {
        HttpURLConnection connection = open(method, path, "text/plain; charset=UTF-8", body, READ_TIMEOUT_MILLIS);
        return connection.getContentLengthLong() == 0 ? null : json(connection);
    }

    Object delete(String path) {
        HttpURLConnection connection = open("DELETE", path, null, null, READ_TIMEOUT_MILLIS);
        return connection.getContentLengthLong() == 0 ? null : json(connection);
    }

    String getText(String path) {
        try (InputStream in = open("GET", path, null, null, READ_TIMEOUT_MILLIS).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The body of a streaming answer, without a read timeout: following a log may be quiet for long. */
    InputStream stream(String path) {
        try {
            return open("GET", path, null, null, 0).getInputStream();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Whether a server answers at the base URL ({@code /health}, which needs no token), within a second. */
    boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/health").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            connection.getResponseCode();
            connection.disconnect();
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Percent-encodes everything but unreserved characters, so '/' and ' ' stay inside a path segment. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private HttpURLConnection open(String method, String path, String contentType, String body, int readTimeout) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(readTimeout);
            connection.setRequestProperty("Authorization", "Bearer " + token);
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", contentType);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            if (connection.getResponseCode() >= 400) {
                throw new CliFailure(errorOf(connection));
            }
            return connection;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private Object json(HttpURLConnection connection) {
        try (InputStream in = connection.getInputStream()) {
            return JsonData.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
    }

    /** The "error" of the JSON answer, or the HTTP status line when there is none. */
    private static String errorOf(HttpURLConnection connection) throws IOException {
        String fallback = "the server answered " + connection.getResponseCode() + " " + connection.getResponseMessage();
        try (InputStream in = connection.getErrorStream()) {
            if (in != null && String.valueOf(connection.getContentType()).startsWith("application/json")
                    && JsonData.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)) instanceof Map<?, ?> map
                    && map.get("error") instanceof String error) {
                return error;
            }
        } catch (IOException | IllegalArgumentException e) {
            // the status line says enough
        }
        return fallback;
    }

    private CliFailure unreachable(IOException e) {
        return new CliFailure("cannot reach the server at " + baseUrl + ": " + e.getMessage());
    }
}
