package org.linkback.admin;

import java.util.List;
import java.util.Optional;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.http.Answers;

/**
 * {@code GET /admin/api/audit?action=&mention=&site=&limit=&cursor=}: the audit log, newest
 * first; an owner token sees its own site's entries only.
 */
final class AuditApi implements HttpService {

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> site = AdminApi.siteScope(req, res);
        if (site.isEmpty()) {
            return;
        }
        int limit = AdminApi.limit(req);
        List<AuditEntry> page = audit.list(AdminApi.cursor(req).orElse(null), AdminApi.nonBlank(req, "action").orElse(null),
                                           AdminApi.nonBlank(req, "mention").flatMap(Answers::id).orElse(null),
                                           site.get().name(), limit);
        AdminApi.sendPage(res, page, limit, AdminJson::of, AuditEntry::id);
    }
}
