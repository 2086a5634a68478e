package lurch.server.api;

import lurch.db.ProgramStore;

/** What the settings of a program (secrets, schedule, timeout) check before they change. */
final class ProgramSettings {

    private ProgramSettings() {}

    static void requireProgram(ProgramStore programs, String name) {
        if (programs.latest(name).isEmpty()) {
            throw ApiException.notFound(ProgramsService.noProgram(name));
        }
    }
}
