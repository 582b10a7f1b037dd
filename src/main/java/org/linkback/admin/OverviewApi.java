package org.linkback.admin;

import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;

/**
 * {@code GET /admin/api/overview?site=&days=}: the last days at a glance (default 30, at most
 * 366); an owner token's is always its own site's.
 */
final class OverviewApi implements HttpService {

    private final Overview overview;

    OverviewApi(Overview overview) {
        this.overview = overview;
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
        Answers.json(res, Status.OK_200, Overview.json(numbers.get()));
    }
}
