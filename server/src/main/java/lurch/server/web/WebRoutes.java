package lurch.server.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import lurch.server.api.LogSignal;
import lurch.server.api.LogText;
import lurch.server.engine.RunControl;

/**
 * The web pages' routing table: which page serves which path, the session filter in front of them, and how a
 * failed page request becomes an error page, all in one place.
 */
public final class WebRoutes {

    private WebRoutes() {}

    public static void register(HttpRouting.Builder routing, WebContext ctx) {
        Pages pages = new Pages(ctx.publicView());
        Accounts accounts = new Accounts(ctx.users(), ctx.sessions(), ctx.clock());
        LogSignal signal = new LogSignal();
        ctx.control().addListener(signal);
        RunAgainAndArtifacts extras = new RunAgainAndArtifacts(ctx.runs(), ctx.artifacts(), ctx.reruns());
        routing.addFilter(new WebAuth(accounts, ctx.publicView()))
                .register("/static", new StaticAssets())
                .register("/badge", new Badge(ctx.history()))
                .register(new LoginService(accounts, pages, new LoginThrottle(ctx.clock()), ctx.secureCookies()))
                .register(new OverviewPages(ctx.programs(), ctx.runs(), ctx.prompts(), ctx.forge(), pages))
                .register(new StatsPage(ctx.programs(), ctx.history(), pages))
                .register(new WorkersPage(ctx.workers(), ctx.clock(), pages))
                .register("/programs", new ProgramPage(ctx.programs(), ctx.history(), ctx.control(), pages,
                        new ProgramSettingsForm(ctx.scheduler(), ctx.timeouts())))
                .register("/runs", rules -> rules.get("/{id}/log.txt", new LogText(ctx.runs(), ctx.logs(), signal)::send),
                        new RunEvents(ctx.runs(), ctx.logs(), signal), extras,
                        new RunPage(new RunView(ctx.runs(), ctx.logs(), ctx.prompts()), extras, ctx.control(), pages))
                .error(PageException.class, (req, res, e) -> pages.error(req, res, e.status(), e.getMessage()))
                .error(RunControl.NoSuchProgramException.class,
                        (req, res, e) -> pages.error(req, res, Status.NOT_FOUND_404, e.getMessage()));
    }
}
