package lurch.server.api;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/** How Lurch listens for HTTP: the settings its server and the tests' servers share. */
public final class HttpListener {

    /** The largest request body read at all (GitHub's webhooks go up to 25 MB); routes bound theirs further. */
    private static final long MAX_PAYLOAD_BYTES = 26L << 20;

    private HttpListener() {}

    /**
     * A web server on {@code host:port} (0: any free port), its routing still to be given. TCP_NODELAY on every
     * connection: with Nagle's algorithm the small last part of an answer written in parts waited for the client's
     * acknowledgement of the part before, which a client that keeps its connection delays by 40 ms, so a run's tree
     * of ~34 KB took ~50 ms to fetch instead of ~4.
     */
    public static WebServerConfig.Builder on(String host, int port) {
        return WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .connectionOptions(socket -> socket.tcpNoDelay(true));
    }
}
