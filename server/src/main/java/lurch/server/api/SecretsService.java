package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import lurch.db.ProgramStore;
import lurch.db.SecretStore;

/** {@code /api/programs/NAME/secrets/SECRET}: set (value as the text body) and remove a program's secrets. */
final class SecretsService implements HttpService {

    private static final int MAX_SECRET_BYTES = 64 * 1024;

    private final ProgramStore programs;
    private final SecretStore secrets;

    SecretsService(ProgramStore programs, SecretStore secrets) {
        this.programs = programs;
        this.secrets = secrets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put("/{+name}/secrets/{secret}", ProgramPath.handler("secrets/*", this::set))
                .delete("/{+name}/secrets/{secret}", ProgramPath.handler("secrets/*", this::remove));
    }

    private void set(ProgramPath path, ServerRequest req, ServerResponse res) {
        String name = Names.secret(path.rest().get(1));
        ProgramSettings.requireProgram(programs, path.name());
        secrets.set(path.name(), name, Bodies.text(req, MAX_SECRET_BYTES, "secret value"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void remove(ProgramPath path, ServerRequest req, ServerResponse res) {
        String name = Names.secret(path.rest().get(1));
        ProgramSettings.requireProgram(programs, path.name());
        if (!secrets.remove(path.name(), name)) {
            throw ApiException.notFound("program '" + path.name() + "' has no secret " + name);
        }
        res.status(Status.NO_CONTENT_204).send();
    }
}
