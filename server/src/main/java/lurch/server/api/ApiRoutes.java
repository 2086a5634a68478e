package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import lurch.server.engine.RunControl.NoSuchProgramException;
import lurch.server.engine.RunControl.NotWaitingException;

/**
 * The REST API's routing table: which service serves which path, the token check in front of
 * {@code /api/}, and how errors become HTTP answers, all in one place.
 */
public final class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class.getName());

    private ApiRoutes() {}

    public static void register(HttpRouting.Builder routing, ApiContext ctx) {
        LogSignal signal = new LogSignal();
        ctx.control().addListener(signal);
        ApiTokens tokens = new ApiTokens(ctx.tokens(), Clock.systemUTC());
        SchedulesService schedules = new SchedulesService(ctx.programs(), ctx.scheduler());
        routing.addFilter(new ChangeGate(ctx.health()))
                .addFilter(new ApiAuth(tokens))
                .register("/health", new HealthService(ctx.health()))
                .register("/metrics", new MetricsService(ctx.metrics(), ctx.logs()))
                // settings before programs: PUT /api/programs/{+name} would take the secret path as a name
                .register("/api/programs", new SecretsService(ctx.programs(), ctx.secrets()), schedules.perProgram(),
                        new TimeoutsService(ctx.programs(), ctx.timeouts()),
                        new ProgramsService(ctx.programs(), ctx.control()))
                .register("/api/schedules", schedules.list())
                .register("/api/runs", new LogsService(ctx.runs(), ctx.logs(), signal),
                        new RunsService(ctx.runs(), ctx.control()), new ArtifactsService(ctx.runs(), ctx.artifacts()),
                        new RerunService(ctx.reruns()))
                .register("/api/tokens", new TokensService(tokens))
                .register("/api/gc", new GcService(ctx.retention()))
                .register("/api/users", new UsersService(ctx.users()))
                .register("/api/workers", new WorkersService(ctx.workers()))
                .error(ApiException.class, (req, res, e) -> fail(res, e.status(), e.getMessage(), e.details()))
                .error(NoSuchProgramException.class, (req, res, e) -> fail(res, Status.NOT_FOUND_404, e.getMessage(), Map.of()))
                .error(NotWaitingException.class, (req, res, e) -> fail(res, Status.CONFLICT_409, e.getMessage(), Map.of()))
                .error(RuntimeException.class, (req, res, e) -> {
                    if (res.isSent()) {
                        return; // mostly a client that went away in the middle of a log stream
                    }
                    String id = Incidents.log(LOG, "API call " + req.prologue().method().text() + " "
                            + req.prologue().uriPath().path() + " failed", e);
                    fail(res, Status.INTERNAL_SERVER_ERROR_500, "internal error " + id
                            + " (the server's log has the details)", Map.of("error_id", id));
                });
    }

    private static void fail(ServerResponse res, Status status, String message, Map<String, Object> details) {
        if (res.isSent()) {
            return; // a stream already under way cannot change its status
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        Json.send(res, status, body);
    }
}
