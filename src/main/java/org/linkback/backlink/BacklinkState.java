package org.linkback.backlink;

/**
 * A backlink's two states together: who may see it, and what the last check of its source found.
 * How they change is decided in one place, {@code receive/Lifecycle}.
 */
public record BacklinkState(ModerationStatus status, CheckState check) {
}
