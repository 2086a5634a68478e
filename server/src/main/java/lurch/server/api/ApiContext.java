package lurch.server.api;

import java.util.function.BooleanSupplier;
import lurch.db.LogStore;
import lurch.db.ProgramStore;
import lurch.db.PromptStore;
import lurch.db.RunStore;
import lurch.db.SecretStore;
import lurch.db.TimeoutStore;
import lurch.db.TokenStore;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.EngineMetrics;
import lurch.server.engine.Reruns;
import lurch.server.engine.RunControl;
import lurch.server.retention.Retention;
import lurch.server.schedule.Scheduler;

/**
 * Everything the REST API needs: the stores it reads, the engine port through which every change of
 * a run goes, the users of the web pages, the engine's figures for /metrics and a probe telling whether the
 * database answers.
 */
public record ApiContext(ProgramStore programs, RunStore runs, LogStore logs, PromptStore prompts,
                         SecretStore secrets, TokenStore tokens, UserAdmin users, RunControl control,
                         EngineMetrics metrics, BooleanSupplier databaseUp, Scheduler scheduler, TimeoutStore timeouts,
                         StoredArtifacts artifacts, Reruns reruns, Retention retention) {}
