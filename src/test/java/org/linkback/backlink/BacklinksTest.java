package org.linkback.backlink;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.feed.FeedVersions;
import org.linkback.mf2.Interaction;
import org.linkback.store.Database;
import org.linkback.testing.TestDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the write path on a backlink in every state: the new state is the
 * lifecycle's, read from the row as it is in the unit of work; the change is audited, its feed
 * gets a new version, and the listeners hear of it once, in the same unit of work.
 */
class BacklinksTest {

    private static final String TARGET = "https://blog.example/post";
    private static final AtomicInteger SOURCES = new AtomicInteger();

    private static Database database;
    private static AuditLog audit;
    private static FeedVersions feeds;
    private static final List<BacklinkListener.Change> heard = new ArrayList<>();
    private static Backlinks backlinks;

    @BeforeAll
    static void open() throws Exception {
        database = Database.open(TestDatabase.in(Files.createTempDirectory("backlinks-test")).config());
        audit = new AuditLog(database, Duration.ofDays(1));
        feeds = new FeedVersions(database, java.time.Clock.systemUTC());
        BacklinkListener recorder = (h, change) -> h.afterCommit(() -> heard.add(change)); // heard only if it commits
        backlinks = new Backlinks(database, audit, Clock.systemUTC(), List.of(feeds, recorder));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** An operation, the lifecycle event it stands for (null: removal), and what it is audited as. */
    private enum Operation {
        CHECK_PASSED(new Lifecycle.CheckPassed(ModerationStatus.APPROVED), null),
        CHECK_FAILED(new Lifecycle.CheckFailed(), null),
        MODERATOR_SETS_SPAM(new Lifecycle.ModeratorSets(ModerationStatus.SPAM), "status.changed"),
        MODERATOR_SETS_APPROVED(new Lifecycle.ModeratorSets(ModerationStatus.APPROVED), "status.changed"),
        BLOCKED(new Lifecycle.Blocked(), "status.changed"),
        RESTORED_BY_UNBLOCK(new Lifecycle.ModeratorSets(ModerationStatus.APPROVED), "status.changed"),
        DELETE(null, "mention.deleted");

        final Lifecycle.Event event;
        final String action;

        Operation(Lifecycle.Event event, String action) {
            this.event = event;
            this.action = action;
        }

        Optional<Backlink> run(Handle h, Backlink b) {
            Cause check = Cause.check(b.kind(), b.source(), b.target(), "192.0.2.1");
            return switch (this) {
                case CHECK_PASSED -> backlinks.checkPassed(h, b.id(), check, new CheckResult(
                        new Backlink.Details("Found", "an excerpt", "a blog"), Interaction.NONE, Assessment.CLEAN, ModerationStatus.APPROVED));
                case CHECK_FAILED -> backlinks.checkFailed(h, b.id(), check,
                                                           new CheckFailure(Refusal.NO_LINK, null, "the source does not link to the target"),
                                                           false);
                case MODERATOR_SETS_SPAM -> backlinks.moderatorSets(h, b.id(), ModerationStatus.SPAM, Cause.admin("198.51.100.1"), null);
                case MODERATOR_SETS_APPROVED -> backlinks.moderatorSets(h, b.id(), ModerationStatus.APPROVED, Cause.admin("198.51.100.1"),
                                                                        null);
                case BLOCKED -> backlinks.blocked(h, b.sourceHost(), false, Cause.admin("198.51.100.1"), "blocked " + b.sourceHost())
                        .stream().findFirst();
                case RESTORED_BY_UNBLOCK -> backlinks.restored(h, b.id(), ModerationStatus.APPROVED, Cause.admin("198.51.100.1"),
                                                               "unblocked x: restored");
                case DELETE -> backlinks.delete(h, b.id(), Cause.admin("198.51.100.1"));
            };
        }
    }

    static Stream<Arguments> everyOperationInEveryState() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (ModerationStatus status : ModerationStatus.values()) {
                for (CheckState check : CheckState.values()) {
                    cases.add(Arguments.of(operation, new BacklinkState(status, check)));
                }
            }
        }
        return cases.stream();
    }

    private static Backlink stored(BacklinkState state) {
        int n = SOURCES.incrementAndGet();
        String source = "https://source" + n + ".example/post"; // a host of its own: a block covers this one only
        database.useTransaction(h -> backlinks.loaded(h, List.of(new Backlinks.Loaded(
                Kind.WEBMENTION, source, TARGET, "test", state, new Backlink.Details("Title", null, null), Assessment.CLEAN,
                "192.0.2.1", Instant.now()))));
        return backlinks.find(source, TARGET).orElseThrow();
    }

    private static long auditEntries(long id) {
        return audit.list(null, null, id, null, 100).size();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyOperationInEveryState")
    void anOperationAppliesTheLifecycleToTheRowAsItIsAndTellsEveryone(Operation operation, BacklinkState state) {
        Backlink before = stored(state);
        long feedBefore = feeds.current(FeedVersions.articleKey(TARGET));
        long auditBefore = auditEntries(before.id());
        heard.clear();

        Optional<Backlink> after = database.inTransaction(h -> operation.run(h, before));

        boolean leftAlone = operation == Operation.BLOCKED && state.status() == ModerationStatus.SPAM
                            || operation == Operation.RESTORED_BY_UNBLOCK && state.status() != ModerationStatus.SPAM;
        if (leftAlone) {
            assertTrue(after.isEmpty(), "a block passes over what is spam already; an unblock gives back only what is spam still");
            assertEquals(state, backlinks.findById(before.id()).orElseThrow().state());
            assertTrue(heard.isEmpty(), "no change, nothing to tell");
            return;
        }
        if (operation == Operation.DELETE) {
            assertTrue(backlinks.findById(before.id()).isEmpty(), "removed");
        } else {
            BacklinkState expected = Lifecycle.next(state, operation.event);
            assertEquals(expected, after.orElseThrow().state(), "what the lifecycle says");
            assertEquals(expected, backlinks.findById(before.id()).orElseThrow().state(), "and that is what is stored");
        }
        assertEquals(1, heard.size(), "the listeners heard of it once, after it committed");
        assertEquals(state, heard.getFirst().before().orElseThrow().state(), "with the state it had in the unit of work");
        assertNotEquals(feedBefore, feeds.current(FeedVersions.articleKey(TARGET)), "its article's feed has a new version");
        assertEquals(auditBefore + 1, auditEntries(before.id()), "one audit entry");
        AuditEntry entry = audit.list(null, null, before.id(), null, 1).getFirst();
        String action = operation.action != null ? operation.action : "check." + (operation == Operation.CHECK_PASSED
                ? "accepted" : after.orElseThrow().check().id());
        assertEquals(action, entry.action());
        if (operation == Operation.CHECK_FAILED) {
            assertEquals(Refusal.NO_LINK.id(), entry.reason(), "the reason is stored as its code");
            assertEquals(Refusal.NO_LINK, after.orElseThrow().failure());
        }
    }

    @ParameterizedTest(name = "a verdict made meanwhile: {0}")
    @MethodSource("verdicts")
    void aCheckThatEndsAfterAModeratorsVerdictKeepsTheVerdict(ModerationStatus verdict) {
        // read before the check's slow fetch: the link was lost
        Backlink readBeforeTheFetch = stored(new BacklinkState(ModerationStatus.DELETED, CheckState.DELETED));
        database.useTransaction(h -> backlinks.moderatorSets(h, readBeforeTheFetch.id(), verdict, Cause.admin("198.51.100.1"), null));

        Backlink afterTheCheck = database.inTransaction(h -> backlinks.checkPassed(
                h, readBeforeTheFetch.id(), Cause.check(Kind.WEBMENTION, readBeforeTheFetch.source(), TARGET, "192.0.2.1"),
                new CheckResult(new Backlink.Details("Found", null, null), Interaction.NONE, Assessment.CLEAN, ModerationStatus.APPROVED)))
                .orElseThrow();

        assertEquals(verdict, afterTheCheck.status());
        assertEquals(CheckState.VERIFIED, afterTheCheck.check());
    }

    @Test
    void aModeratorOfOneSiteReachesNoBacklinkOfAnother() {
        Backlink other = stored(new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED)); // of site "test"
        Cause ownerOfAnother = Cause.moderator("Alice", "198.51.100.2", "alice");

        database.useTransaction(h -> {
            assertTrue(backlinks.moderatorSets(h, other.id(), ModerationStatus.SPAM, ownerOfAnother, null).isEmpty());
            assertTrue(backlinks.blocked(h, other.sourceHost(), false, ownerOfAnother, "blocked").isEmpty());
            assertTrue(backlinks.delete(h, other.id(), ownerOfAnother).isEmpty());
        });

        assertEquals(ModerationStatus.APPROVED, backlinks.findById(other.id()).orElseThrow().status(), "untouched");
        assertEquals(0, auditEntries(other.id()), "nothing audited: nothing happened");
        assertEquals(ModerationStatus.SPAM, database.inTransaction(h -> backlinks.moderatorSets(
                h, other.id(), ModerationStatus.SPAM, Cause.moderator("Tess", "198.51.100.3", "test"), null)).orElseThrow().status(),
                     "its own site's owner reaches it");
    }

    @Test
    void aCheckThatCommitsWhileAModeratorsUnitOfWorkIsOpenWaitsForItAndKeepsTheVerdict() throws Exception {
        Backlink taken = stored(new BacklinkState(ModerationStatus.DELETED, CheckState.DELETED));
        CountDownLatch moderated = new CountDownLatch(1);
        CountDownLatch checkStarted = new CountDownLatch(1);
        Thread moderator = Thread.ofPlatform().start(() -> database.useTransaction(h -> {
            backlinks.moderatorSets(h, taken.id(), ModerationStatus.SPAM, Cause.admin("198.51.100.1"), null);
            moderated.countDown();
            await(checkStarted);
            pause(); // the check is now waiting for this unit of work's lock on the row (or about to)
        }));
        await(moderated);
        checkStarted.countDown();

        Backlink afterTheCheck = database.inTransaction(h -> backlinks.checkPassed(
                h, taken.id(), Cause.check(Kind.WEBMENTION, taken.source(), TARGET, "192.0.2.1"),
                new CheckResult(new Backlink.Details("Found", null, null), Interaction.NONE, Assessment.CLEAN, ModerationStatus.APPROVED)))
                .orElseThrow();
        moderator.join();

        assertEquals(ModerationStatus.SPAM, afterTheCheck.status(), "the check read the row after the moderator's commit");
        assertEquals(ModerationStatus.SPAM, backlinks.findById(taken.id()).orElseThrow().status());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Stream<ModerationStatus> verdicts() {
        return Stream.of(ModerationStatus.SPAM, ModerationStatus.REJECTED);
    }
}
