package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepoAndDeliveryStoreTest {

    private static Delivery push(String key) {
        return new Delivery(0, "github", key, "push", "octo/app", "refs/heads/main", "main", "a".repeat(40),
                "Ada", null, "fix it", DeliveryOutcome.QUEUED, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void reposAreRegisteredOncePerNameAndRemoved(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Repo repo = new Repo("octo/app", "file:///tmp/app", "s3cret", "gitea", "ghp_x", true,
                    Repo.PullRequests.OFF, null, "https://git.example.org", "main,release/**", false);
            assertTrue(db.repos().add(repo));
            assertFalse(db.repos().add(new Repo("octo/app", "file:///other", "x", null, null, false,
                    Repo.PullRequests.ON, null, null, null, true)));
            Repo stored = db.repos().get("octo/app").orElseThrow();
            assertEquals("file:///tmp/app", stored.cloneUrl());
            assertEquals("ghp_x", stored.statusToken());
            assertTrue(stored.cancelPrevious());
            assertEquals(Repo.PullRequests.OFF, stored.pullRequests());
            assertEquals("https://git.example.org", stored.statusUrl());
            assertEquals("main,release/**", stored.branches());
            assertFalse(stored.buildTags());
            assertEquals(List.of("octo/app"), db.repos().list().stream().map(Repo::name).toList());
            assertTrue(db.repos().remove("octo/app"));
            assertFalse(db.repos().remove("octo/app"));
            assertTrue(db.repos().get("octo/app").isEmpty());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRedeliveryIsRefusedAndQueuedDeliveriesAreClaimedOnce(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Delivery first = db.deliveries().accept(push("d-1")).orElseThrow();
            assertTrue(db.deliveries().accept(push("d-1")).isEmpty(), "same key again");
            Delivery second = db.deliveries().accept(push("d-2")).orElseThrow();
            assertEquals(List.of(first.id(), second.id()), db.deliveries().queued().stream().map(Delivery::id).toList());

            assertTrue(db.deliveries().claim(first.id()));
            assertFalse(db.deliveries().claim(first.id()), "claimed twice");
            assertEquals(List.of(first.id()), db.deliveries().interrupted().stream().map(Delivery::id).toList(),
                    "a crash left it processing");
            assertEquals(1, db.deliveries().requeueInterrupted(), "a crash left it processing");
            assertEquals(List.of(), db.deliveries().interrupted());
            assertTrue(db.deliveries().claim(first.id()));
            db.deliveries().finish(first.id(), DeliveryOutcome.SKIPPED, null, "no .lurch");

            Delivery done = db.deliveries().get(first.id()).orElseThrow();
            assertEquals(DeliveryOutcome.SKIPPED, done.outcome());
            assertEquals("no .lurch", done.message());
            assertTrue(done.processed() != null);
            assertEquals(List.of(second.id()), db.deliveries().queued().stream().map(Delivery::id).toList());
            assertEquals(List.of(second.id(), first.id()),
                    db.deliveries().recent("octo/app", 10).stream().map(Delivery::id).toList());
            assertEquals(List.of(), db.deliveries().recent("other/repo", 10));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void concurrentDeliveriesAreEachStoredOnceAndAnsweredWithTheirOwnId(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            // 400 requests for 200 keys at once: committed together, each key wins once, its twin hears "seen before"
            List<Callable<Optional<Delivery>>> requests = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String key = "burst-" + (i % 200);
                requests.add(() -> db.deliveries().accept(push(key)));
            }
            List<Delivery> accepted = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Optional<Delivery>> answer : clients.invokeAll(requests)) {
                    answer.get().ifPresent(accepted::add);
                }
            }
            assertEquals(200, accepted.size());
            for (Delivery d : accepted) {
                assertEquals(d.deliveryKey(), db.deliveries().get(d.id()).orElseThrow().deliveryKey());
            }
            assertEquals(200, db.deliveries().queued().size());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aDeliveryKeepsTheForkItsPullRequestCameFrom(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Delivery fromFork = new Delivery(0, "github", "d-pr", "pull_request", "octo/app", "refs/pull/7/head",
                    "feature", "b".repeat(40), "mallory", "mallory/app", "change", DeliveryOutcome.QUEUED, null, null,
                    null, null);
            long id = db.deliveries().accept(fromFork).orElseThrow().id();
            assertEquals("mallory/app", db.deliveries().get(id).orElseThrow().fork());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRejectedRunHasNoVersionAndEndsAtOnce(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = db.runs().createRejected("octo/app", "invalid .lurch", "webhook:d-1", 127);
            Run stored = db.runs().get(run.id()).orElseThrow();
            assertEquals(RunStatus.FAILURE, stored.status());
            assertEquals(0, stored.programVersionId());
            assertEquals(127, stored.exitCode());
            assertEquals("octo/app", stored.programName());
            assertTrue(db.programs().latest("octo/app").isEmpty(), "no version was stored");
            assertEquals(run.id(), db.runs().topRuns("octo/app", 5).getFirst().id());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void notificationsAreKeptOncePerProgramAndUrl(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Notification hook = new Notification("deploy", "https://chat.example.org/hook", "k", Notification.On.FAILURE,
                    null);
            assertTrue(db.notifications().add(hook));
            assertFalse(db.notifications().add(new Notification("deploy", "https://chat.example.org/hook", null,
                    Notification.On.ALWAYS, null)));
            assertTrue(db.notifications().add(new Notification("build", "http://127.0.0.1:9/x", null,
                    Notification.On.ALWAYS, null)));
            Notification stored = db.notifications().of("deploy").getFirst();
            assertEquals("k", stored.secret());
            assertEquals(Notification.On.FAILURE, stored.on());
            assertEquals(List.of("build", "deploy"),
                    db.notifications().list().stream().map(Notification::program).toList());
            assertTrue(db.notifications().remove("deploy", "https://chat.example.org/hook"));
            assertFalse(db.notifications().remove("deploy", "https://chat.example.org/hook"));
            assertEquals(List.of(), db.notifications().of("deploy"));
        });
    }
}
