package lurch.server.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;

/** Parsed programs by version id. Versions never change once stored, so entries never go stale. */
final class ProgramCache {
    private final ProgramStore programs;
    private final Map<Long, Command> byVersion = new ConcurrentHashMap<>();

    ProgramCache(ProgramStore programs) {
        this.programs = programs;
    }

    Command root(ProgramVersion version) {
        return byVersion.computeIfAbsent(version.id(), id -> parse(version));
    }

    Command root(long versionId) {
        Command cached = byVersion.get(versionId);
        if (cached != null) {
            return cached;
        }
        ProgramVersion version = programs.version(versionId)
                .orElseThrow(() -> new IllegalStateException("program version " + versionId + " is gone"));
        return root(version);
    }

    Command node(long versionId, String path) {
        return Programs.nodeAt(root(versionId), path);
    }

    private static Command parse(ProgramVersion version) {
        Programs.Parsed parsed = Programs.parse(version.source());
        if (!parsed.ok()) {
            throw new IllegalStateException("stored program " + version.name() + " v" + version.version()
                    + " does not parse: " + parsed.diagnostics().get(0));
        }
        return parsed.program();
    }
}
