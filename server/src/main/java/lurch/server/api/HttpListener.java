package lurch.server.api;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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

    /**
     * Fails unless {@code port} (0: any) can be listened on. The server asks before anything is resumed, so that a
     * second server started on the port of a running one (and on its database) neither runs the other's runs again
     * nor stays up without a port.
     */
    public static void checkFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Helidon's own listener: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw cannotListen(host, port, e);
        }
    }

    /** The failure of a server that cannot listen on {@code host:port}, with why when known. */
    public static IllegalStateException cannotListen(String host, int port, IOException cause) {
        String address = "cannot listen on " + host + ":" + port;
        return cause == null ? new IllegalStateException(address)
                : new IllegalStateException(address + ": " + cause.getMessage(), cause);
    }
}
