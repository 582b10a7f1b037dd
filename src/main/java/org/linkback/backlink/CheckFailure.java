package org.linkback.backlink;

/**
 * Why a check of a stored backlink failed for good: the typed reason, the HTTP status the source
 * (or target) answered when that was the reason, and the words for people.
 */
public record CheckFailure(Refusal refusal, Integer httpStatus, String message) {

    /** The source answered 404: at a sweep, once may be a moment's mistake (410 says it is gone for good). */
    boolean isNotFoundOnce() {
        return refusal == Refusal.SOURCE_GONE && httpStatus != null && httpStatus == 404;
    }
}
