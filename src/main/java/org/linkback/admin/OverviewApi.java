package org.linkback.admin;

import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;
import org.linkback.spam.LearnedSpam;

/**
 * {@code GET /admin/api/overview?site=&days=}: the last days at a glance (default 30, at most
 * 366); an owner token's is always its own site's.
 */
final class OverviewApi implements HttpService {

    private final Overview overview;
    private final LearnedSpam learned;

    OverviewApi(Overview overview, LearnedSpam learned) {
        this.overview = overview;
        this.learned = learned;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::overview);
    }

    private void overview(ServerRequest req, ServerResponse res) {
        int days = AdminApi.nonBlank(req, "days").flatMap(Answers::id).map(Long::intValue).orElse(30);
        if (days < 1 || days > 366) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "days is 1 to 366");
            return;
        }
        Optional<AdminApi.SiteScope> site = AdminApi.siteScope(req, res);
        if (site.isEmpty()) {
            return;
        }
        Optional<Overview.Numbers> numbers = overview.of(site.get().name(), days, Access.of(req));
        if (numbers.isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return;
        }
        Map<String, Object> json = Overview.json(numbers.get());
        // what the learned filter has seen: the site's own model, or (all sites) the shared one
        LearnedSpam.Examples seen = learned.examples(site.get().name());
        json.put("learned", Map.of("spam", seen.spam(), "ham", seen.ham(), "minExamples", learned.minExamples()));
        Answers.json(res, Status.OK_200, json);
    }
}
