package org.linkback.backlink;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of the backlink lifecycle: a state (moderation status, check state), an event, and
 * the state after it. "passed" is a check that found the link and scored it "approved" (or, in
 * the second list, "pending"); "failed" a check that did not; "set spam" a moderator; "blocked"
 * the blocklist.
 */
class LifecycleTest {

    private static final String TABLE = """
            # status   check     | event         | status   check     | why
            pending    pending   | passed        | approved verified  | first check of a webmention
            pending    pending   | failed        | pending  rejected  | never verified: rejected, stays out of the feeds
            pending    verified  | passed        | pending  verified  | held backlinks stay held
            pending    verified  | failed        | deleted  deleted   | the link is gone
            pending    rejected  | passed        | approved verified  | sent again and now it links
            pending    rejected  | failed        | pending  rejected  |
            pending    deleted   | passed        | approved verified  | the link came back
            pending    deleted   | failed        | deleted  deleted   | still gone
            approved   verified  | passed        | approved verified  | a re-check keeps the status
            approved   verified  | failed        | deleted  deleted   | link rot: leaves the feeds
            approved   pending   | passed        | approved verified  |
            approved   pending   | failed        | approved rejected  |
            approved   rejected  | passed        | approved verified  |
            approved   rejected  | failed        | approved rejected  |
            approved   deleted   | passed        | approved verified  |
            approved   deleted   | failed        | deleted  deleted   | re-approved by hand, still gone
            spam       verified  | passed        | spam     verified  | a re-checked spam webmention stays spam
            spam       verified  | failed        | spam     deleted   | the verdict stays
            spam       pending   | passed        | spam     verified  |
            spam       pending   | failed        | spam     rejected  |
            spam       rejected  | passed        | spam     verified  |
            spam       rejected  | failed        | spam     rejected  |
            spam       deleted   | passed        | spam     verified  |
            spam       deleted   | failed        | spam     deleted   |
            rejected   verified  | passed        | rejected verified  | a moderator's rejection stays
            rejected   verified  | failed        | rejected deleted   |
            rejected   pending   | passed        | rejected verified  |
            rejected   pending   | failed        | rejected rejected  |
            rejected   rejected  | passed        | rejected verified  |
            rejected   rejected  | failed        | rejected rejected  |
            rejected   deleted   | passed        | rejected verified  |
            rejected   deleted   | failed        | rejected deleted   |
            deleted    verified  | passed        | deleted  verified  | deleted by a moderator: for good
            deleted    verified  | failed        | deleted  verified  | ... and its link stays "verified"
            deleted    deleted   | passed        | approved verified  | deleted by link rot: the link came back
            deleted    deleted   | failed        | deleted  deleted   |
            deleted    pending   | passed        | approved verified  |
            deleted    pending   | failed        | deleted  rejected  |
            deleted    rejected  | passed        | approved verified  |
            deleted    rejected  | failed        | deleted  rejected  |
            pending    verified  | set approved  | approved verified  | moderators set any status
            approved   verified  | set spam      | spam     verified  |
            spam       verified  | set approved  | approved verified  |
            approved   deleted   | set approved  | approved deleted   | the check state stays
            deleted    verified  | set pending   | pending  verified  |
            approved   verified  | blocked       | spam     verified  | blocking makes spam
            pending    pending   | blocked       | spam     pending   |
            spam       verified  | blocked       | spam     verified  |
            """;

    private static BacklinkState state(String status, String check) {
        return new BacklinkState(ModerationStatus.fromId(status), CheckState.fromId(check));
    }

    private static Lifecycle.Event event(String text, ModerationStatus scored) {
        String[] words = text.strip().split("\\s+");
        return switch (words[0]) {
            case "passed" -> new Lifecycle.CheckPassed(scored);
            case "failed" -> new Lifecycle.CheckFailed();
            case "set" -> new Lifecycle.ModeratorSets(ModerationStatus.fromId(words[1]));
            case "blocked" -> new Lifecycle.Blocked();
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static List<String[]> rows() {
        return TABLE.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\\|"))
                .toList();
    }

    @Test
    void everyRowOfTheTableHolds() {
        List<String> wrong = new java.util.ArrayList<>();
        for (String[] row : rows()) {
            String[] from = row[0].strip().split("\\s+");
            String[] to = row[2].strip().split("\\s+");
            BacklinkState after = Lifecycle.next(state(from[0], from[1]), event(row[1], ModerationStatus.APPROVED));
            if (!state(to[0], to[1]).equals(after)) {
                wrong.add(String.join("|", row) + " but was " + after.status().id() + " " + after.check().id());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theTableCoversEveryStateForEveryCheckOutcome() {
        for (ModerationStatus status : ModerationStatus.values()) {
            for (CheckState check : CheckState.values()) {
                for (String outcome : new String[] {"passed", "failed"}) {
                    String from = status.id() + " " + check.id();
                    boolean listed = rows().stream().anyMatch(row -> row[0].strip().replaceAll("\\s+", " ").equals(from)
                                                                     && row[1].strip().equals(outcome));
                    assertTrue(listed, "no row for " + from + " | " + outcome);
                }
            }
        }
    }

    @Test
    void aPassedCheckGivesTheScoredStatusOnlyWhereNoVerdictStands() {
        for (ModerationStatus scored : ModerationStatus.values()) {
            assertEquals(new BacklinkState(scored, CheckState.VERIFIED),
                         Lifecycle.next(state("pending", "pending"), new Lifecycle.CheckPassed(scored)));
            assertEquals(new BacklinkState(ModerationStatus.SPAM, CheckState.VERIFIED),
                         Lifecycle.next(state("spam", "deleted"), new Lifecycle.CheckPassed(scored)));
        }
        assertEquals(new BacklinkState(ModerationStatus.PENDING, CheckState.VERIFIED), Lifecycle.first(ModerationStatus.PENDING));
    }

    @Test
    void aVerifiedLinkIsADuplicateWhateverItsStatus() {
        for (ModerationStatus status : ModerationStatus.values()) {
            assertTrue(Lifecycle.isDuplicate(new BacklinkState(status, CheckState.VERIFIED)), status.id());
        }
        for (CheckState check : Arrays.stream(CheckState.values()).filter(c -> c != CheckState.VERIFIED).toList()) {
            assertTrue(!Lifecycle.isDuplicate(new BacklinkState(ModerationStatus.APPROVED, check)), check.id().toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void aSenderIsToldOnlyWhetherItsWebmentionIsShown() {
        assertEquals(CheckState.VERIFIED, Lifecycle.publicCheckState(state("approved", "verified")));
        assertEquals(CheckState.PENDING, Lifecycle.publicCheckState(state("pending", "pending")));
        assertEquals(CheckState.PENDING, Lifecycle.publicCheckState(state("pending", "verified")), "held for a moderator");
        assertEquals(CheckState.REJECTED, Lifecycle.publicCheckState(state("spam", "verified")), "spam is not 'verified'");
        assertEquals(CheckState.REJECTED, Lifecycle.publicCheckState(state("rejected", "verified")));
        assertEquals(CheckState.REJECTED, Lifecycle.publicCheckState(state("pending", "rejected")));
        assertEquals(CheckState.DELETED, Lifecycle.publicCheckState(state("deleted", "verified")));
        assertEquals(CheckState.DELETED, Lifecycle.publicCheckState(state("approved", "deleted")));
    }
}
