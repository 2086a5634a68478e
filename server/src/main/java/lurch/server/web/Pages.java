package lurch.server.web;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the Thymeleaf templates of module lurch-templates ({@code templates/NAME.html} on the class path).
 * Every page gets the viewer (for the login link and the CSRF token of its forms) besides its own model.
 */
final class Pages {

    private final TemplateEngine engine = new TemplateEngine();
    private final boolean publicView;

    Pages(boolean publicView) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        this.publicView = publicView;
    }

    void render(ServerRequest req, ServerResponse res, String template, Map<String, Object> model) {
        render(req, res, Status.OK_200, template, model);
    }

    void render(ServerRequest req, ServerResponse res, Status status, String template, Map<String, Object> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("viewer", Viewer.of(req));
        variables.put("publicView", publicView);
        variables.put("fmt", PageFormat.INSTANCE);
        String html = engine.process(template, new Context(null, variables));
        res.status(status);
        res.headers().contentType(MediaTypes.TEXT_HTML);
        res.header("Cache-Control", "no-store");
        res.send(html);
    }

    void error(ServerRequest req, ServerResponse res, Status status, String message) {
        render(req, res, status, "error", Map.of("status", status.code(), "message", message));
    }
}
