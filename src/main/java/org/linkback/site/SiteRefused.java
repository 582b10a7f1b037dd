package org.linkback.site;

/** Why a site could not be created or changed, and whether that is the request's fault (400) or a clash (409). */
public final class SiteRefused extends RuntimeException {

    private final boolean conflict;

    private SiteRefused(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    static SiteRefused invalid(String message) {
        return new SiteRefused(message, false);
    }

    static SiteRefused conflict(String message) {
        return new SiteRefused(message, true);
    }

    /** True for a clash with another site (409); false for a bad value (400). */
    public boolean conflict() {
        return conflict;
    }
}
