package org.linkback.backlink;

import java.util.List;

/**
 * How suspicious a backlink looks: a score from 0 (clean) to 1 (spam), with reasons a person can read.
 */
public record Assessment(double score, List<String> reasons) {

    public static final Assessment CLEAN = new Assessment(0, List.of());

    public Assessment {
        score = Math.max(0, Math.min(1, score));
        reasons = List.copyOf(reasons);
    }
}
