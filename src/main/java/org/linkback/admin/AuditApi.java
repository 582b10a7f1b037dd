package org.linkback.admin;

import java.util.List;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.http.Answers;

/** {@code GET /admin/api/audit?action=&mention=&limit=&cursor=}: the audit log, newest first. */
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
        int limit = AdminApi.limit(req);
        List<AuditEntry> page = audit.list(AdminApi.cursor(req).orElse(null), AdminApi.nonBlank(req, "action").orElse(null),
                                           AdminApi.nonBlank(req, "mention").flatMap(Answers::id).orElse(null), limit);
        AdminApi.sendPage(res, page, limit, AdminJson::of, AuditEntry::id);
    }
}
