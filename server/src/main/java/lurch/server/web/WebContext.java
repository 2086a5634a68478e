package lurch.server.web;

import java.time.Clock;
import lurch.db.LogStore;
import lurch.db.ProgramStore;
import lurch.db.PromptStore;
import lurch.db.RunHistory;
import lurch.db.RunStore;
import lurch.db.SessionStore;
import lurch.db.TimeoutStore;
import lurch.db.UserStore;
import lurch.db.WorkerStore;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.Reruns;
import lurch.server.engine.RunControl;
import lurch.server.schedule.Scheduler;

/**
 * Everything the web pages need: the stores they read, the engine port through which they change runs,
 * the people who may log in, whether viewing needs a login ({@code LURCH_PUBLIC_VIEW}), whether cookies are
 * https-only ({@code LURCH_PUBLIC_URL} is https) and what the git
 * side contributes (an extension point until that side is wired in), the schedules, the programs' timeouts and the
 * workers.
 */
public record WebContext(ProgramStore programs, RunStore runs, LogStore logs, PromptStore prompts,
                         RunHistory history, UserStore users, SessionStore sessions, RunControl control,
                         ForgeActivity forge, boolean publicView, boolean secureCookies, Clock clock,
                         Scheduler scheduler, TimeoutStore timeouts, StoredArtifacts artifacts, Reruns reruns,
                         WorkerStore workers) {}
