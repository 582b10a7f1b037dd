package org.linkback.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.config.Site;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.mail.MailChoices;
import org.linkback.site.OwnerTokens;
import org.linkback.site.SiteDirectory;
import org.linkback.site.SiteDraft;
import org.linkback.site.SiteRefused;
import org.linkback.store.Database;

/**
 * {@code /admin/api/sites}: the sites (the admin's alone: listing, creating, changing, deleting)
 * and each site's owner tokens (the admin's, and an owner's for their own site). A site made
 * here takes pings at once, in every process.
 */
final class SitesApi implements HttpService {

    private final SiteDirectory directory;
    private final OwnerTokens tokens;
    private final Backlinks backlinks;
    private final Database database;
    private final AuditLog audit;
    private final MailChoices email;

    SitesApi(SiteDirectory directory, OwnerTokens tokens, Backlinks backlinks, Database database, AuditLog audit, MailChoices email) {
        this.email = email;
        this.directory = directory;
        this.tokens = tokens;
        this.backlinks = backlinks;
        this.database = database;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{name}", this::show)
                .patch("/{name}", this::update)
                .delete("/{name}", this::delete)
                .get("/{name}/tokens", this::listTokens)
                .post("/{name}/tokens", this::createToken)
                .delete("/{name}/tokens/{id}", this::revokeToken);
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (Access.adminOnly(req, res)) {
            Map<String, MailChoices.SiteChoices> chosen = email.all();
            Answers.json(res, Status.OK_200, Map.of("items", directory.sites().all().stream()
                    .map(site -> json(site, chosen.getOrDefault(site.name(), MailChoices.NONE_CHOSEN), true)).toList()));
        }
    }

    /** {@code POST /} {@code {"name","baseUrl","title",...}}: 201 with the site, 400 for bad values, 409 for a clash. */
    private void create(ServerRequest req, ServerResponse res) {
        if (!Access.adminOnly(req, res)) {
            return;
        }
        Optional<JsonNode> body = AdminApi.body(req);
        if (body.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"name\": \"my-blog\", \"baseUrl\": \"https://blog.example/\", \"title\": \"My blog\"}");
            return;
        }
        Optional<EmailChoices> given = emailChoices(body.get(), res);
        if (given.isEmpty()) {
            return;
        }
        EmailChoices emailChoices = given.get();
        try {
            Site site = directory.create(draft(body.get()), Site.Origin.ADMIN, (h, made) -> {
                record(h, req, "site.created", made.name(), made.baseUrl().toString());
                emailChoices.apply(h, email, made.name());
            });
            res.header(HeaderNames.LOCATION, "/admin/api/sites/" + site.name());
            Answers.json(res, Status.CREATED_201, json(site, email.of(site.name()), true));
        } catch (SiteRefused e) {
            refused(res, e);
        }
    }

    /** {@code GET /{name}}: the admin sees any site, an owner their own. */
    private void show(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        if (!Access.of(req).covers(name)) {
            Access.adminOnly(req, res);
            return;
        }
        directory.sites().byName(name).ifPresentOrElse(site -> Answers.json(res, Status.OK_200, json(site, email.of(name), Access.of(req).admin())),
                                                       () -> Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name"));
    }

    /**
     * {@code PATCH /{name}}: changes the fields given (not the name). An owner may change their own
     * site's email settings ({@code notify}, {@code notifyEvents}) and nothing else.
     */
    private void update(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Optional<JsonNode> body = AdminApi.body(req);
        if (!Access.of(req).covers(name)) {
            Access.adminOnly(req, res);
            return;
        }
        if (body.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send the fields to change, e.g. {\"title\": \"My blog\"}");
            return;
        }
        Optional<EmailChoices> given = emailChoices(body.get(), res);
        if (given.isEmpty()) {
            return;
        }
        EmailChoices emailChoices = given.get();
        boolean onlyEmail = body.get().properties().stream().allMatch(field -> EmailChoices.OWNERS_FIELDS.contains(field.getKey()));
        if (!Access.of(req).admin() && !onlyEmail) {
            Answers.jsonError(res, Status.FORBIDDEN_403, "an owner may change only notify and notifyEvents of their own site");
            return;
        }
        try {
            Optional<Site> changed = onlyEmail ? changeEmail(req, name, emailChoices, body.get())
                    : directory.update(name, draft(body.get()), (h, site) -> {
                        record(h, req, "site.changed", name, body.get().toString());
                        emailChoices.apply(h, email, name);
                    });
            if (changed.isEmpty()) {
                Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
                return;
            }
            Answers.json(res, Status.OK_200, json(changed.get(), email.of(name), Access.of(req).admin()));
        } catch (SiteRefused e) {
            refused(res, e);
        }
    }

    /** The email settings a body gives, or empty after answering 400 with what is wrong. */
    private static Optional<EmailChoices> emailChoices(JsonNode body, ServerResponse res) {
        try {
            return Optional.of(EmailChoices.of(body));
        } catch (IllegalArgumentException e) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, e.getMessage());
            return Optional.empty();
        }
    }

    /** Only the email settings: the site itself is not touched. */
    private Optional<Site> changeEmail(ServerRequest req, String name, EmailChoices emailChoices, JsonNode body) {
        Optional<Site> site = directory.sites().byName(name);
        site.ifPresent(s -> database.useTransaction(h -> {
            emailChoices.apply(h, email, name);
            record(h, req, "site.changed", name, body.toString());
        }));
        return site;
    }

    /**
     * {@code DELETE /{name}}: 204; the site takes no more pings, its backlinks stay (for export).
     * {@code ?purge=true} (on a deleted site too): its backlinks, tokens and blocklist are removed
     * for good and its name is free again; 200 {@code {"purged": n}}.
     */
    private void delete(ServerRequest req, ServerResponse res) {
        if (!Access.adminOnly(req, res)) {
            return;
        }
        String name = req.path().pathParameters().get("name");
        if (req.query().first("purge").map("true"::equals).orElse(false)) {
            purge(req, res, name);
            return;
        }
        if (!directory.delete(name, h -> record(h, req, "site.deleted", name, null))) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void purge(ServerRequest req, ServerResponse res, String name) {
        directory.delete(name, h -> record(h, req, "site.deleted", name, "to purge it"));
        if (!directory.deleted(name)) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return;
        }
        long purged = purgeBacklinks(name);
        directory.purge(name, h -> {
            MailChoices.forget(h, name);
            record(h, req, "site.purged", name, purged + " backlinks removed");
        });
        Answers.json(res, Status.OK_200, Map.of("site", name, "purged", purged));
    }

    /** A thousand at a time: a big site does not hold one long unit of work. */
    private long purgeBacklinks(String site) {
        long purged = 0;
        for (int batch; (batch = database.inTransaction(h -> backlinks.purgedSite(h, site, 1000))) > 0; ) {
            purged += batch;
        }
        return purged;
    }

    private void listTokens(ServerRequest req, ServerResponse res) {
        ownSite(req, res).ifPresent(site -> Answers.json(res, Status.OK_200, Map.of("items", tokens.list(site.name()).stream()
                .map(SitesApi::json).toList())));
    }

    /** {@code POST /{name}/tokens} {@code {"label"}}: 201 with the token, shown this once. */
    private void createToken(ServerRequest req, ServerResponse res) {
        Optional<Site> site = ownSite(req, res);
        if (site.isEmpty()) {
            return;
        }
        String label = AdminApi.body(req).map(b -> b.path("label").asText("")).orElse("");
        if (!OwnerTokens.validLabel(label)) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"label\": \"Alice's laptop\"}: 1 to 100 characters, naming who holds it "
                                                           + "(not admin, ping, check or signup)");
            return;
        }
        OwnerTokens.Created created = database.inTransaction(h -> {
            OwnerTokens.Created made = tokens.create(h, site.get().name(), label);
            record(h, req, "token.created", site.get().name(), made.token().label() + " (id " + made.token().id() + ")");
            return made;
        });
        Map<String, Object> body = json(created.token());
        body.put("token", created.secret());
        res.header(HeaderNames.LOCATION, "/admin/api/sites/" + site.get().name() + "/tokens/" + created.token().id());
        Answers.json(res, Status.CREATED_201, body);
    }

    /** {@code DELETE /{name}/tokens/{id}}: 204; the token answers 401 from now on. */
    private void revokeToken(ServerRequest req, ServerResponse res) {
        Optional<Site> site = ownSite(req, res);
        if (site.isEmpty()) {
            return;
        }
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        boolean revoked = id.isPresent() && database.inTransaction(h -> {
            boolean found = tokens.revoke(h, site.get().name(), id.get());
            if (found) {
                record(h, req, "token.revoked", site.get().name(), "id " + id.get());
            }
            return found;
        });
        if (!revoked) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such token");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The site in the path, when the request may manage its tokens: the admin any, an owner their own (403 for another). */
    private Optional<Site> ownSite(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        if (!Access.of(req).covers(name)) {
            Access.adminOnly(req, res);
            return Optional.empty();
        }
        Optional<Site> site = directory.sites().byName(name);
        if (site.isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
        }
        return site;
    }

    /** The audit entry of an admin's or owner's change to a site or its tokens, in the change's unit of work. */
    private void record(Handle h, ServerRequest req, String action, String site, String detail) {
        audit.record(h, AuditEntry.of(Access.of(req).actor(), action, null, null, null, null, ClientAddress.of(req), null, null, detail)
                .withSite(site));
    }

    private static void refused(ServerResponse res, SiteRefused e) {
        Answers.jsonError(res, e.conflict() ? Status.CONFLICT_409 : Status.BAD_REQUEST_400, e.getMessage());
    }

    /** A request body as a draft: fields not given are null. */
    private static SiteDraft draft(JsonNode body) {
        List<String> aliases = null;
        if (body.has("aliases") && body.get("aliases").isArray()) {
            aliases = new ArrayList<>();
            for (JsonNode alias : body.get("aliases")) {
                aliases.add(alias.asText());
            }
        }
        return new SiteDraft(text(body, "name"), text(body, "baseUrl"), text(body, "title"), aliases, text(body, "language"),
                             text(body, "feedUrl"), text(body, "trailingSlash"), text(body, "moderation"),
                             fediverse(body), text(body, "fediverseDomain"));
    }

    /** {@code "fediverse": false} turns the actor off; true, or {@code "fediverseReactions"}, turns it on. */
    private static String fediverse(JsonNode body) {
        JsonNode on = body.get("fediverse");
        String reactions = text(body, "fediverseReactions");
        if (on != null && on.isBoolean() && !on.asBoolean()) {
            return "off";
        }
        return reactions != null ? reactions : on != null && on.isBoolean() ? "all" : null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * A site's email settings as a request gives them: {@code notify} (an address, or null or ""
     * for none), {@code notifyEvents} and (the admin's) {@code adminEvents}, each a list of held,
     * new, digest (or none); null where not given.
     */
    record EmailChoices(boolean setsNotify, String address, Set<MailChoices.Event> notifyEvents, Set<MailChoices.Event> adminEvents) {

        /** What an owner may change of their own site. */
        static final Set<String> OWNERS_FIELDS = Set.of("notify", "notifyEvents");

        /** @throws IllegalArgumentException naming a bad address or event */
        static EmailChoices of(JsonNode body) {
            JsonNode notify = body.get("notify");
            return new EmailChoices(notify != null, notify == null || notify.isNull() ? null : MailChoices.parseAddress(notify.asText()),
                                    events(body, "notifyEvents"), events(body, "adminEvents"));
        }

        private static Set<MailChoices.Event> events(JsonNode body, String field) {
            JsonNode list = body.get(field);
            if (list == null || list.isNull()) {
                return null;
            }
            if (!list.isArray()) {
                throw new IllegalArgumentException(field + " is a list: [\"held\", \"digest\"], or [] for none");
            }
            List<String> names = new ArrayList<>();
            list.forEach(item -> names.add(item.asText()));
            return MailChoices.parseEvents(names);
        }

        void apply(Handle h, MailChoices choices, String site) {
            if (setsNotify) {
                choices.setNotify(h, site, address);
            }
            if (notifyEvents != null) {
                choices.setEvents(h, site, MailChoices.Person.OWNER, notifyEvents);
            }
            if (adminEvents != null) {
                choices.setEvents(h, site, MailChoices.Person.ADMIN, adminEvents);
            }
        }
    }

    /** A site as the API shows it, with its email settings (the admin's own only to the admin). */
    static Map<String, Object> json(Site site, MailChoices.SiteChoices chosen, boolean admin) {
        Map<String, Object> json = json(site);
        json.put("notify", chosen.ownerAddress());
        json.put("notifyEvents", MailChoices.names(chosen.owner()));
        if (admin) {
            json.put("adminEvents", MailChoices.names(chosen.admin()));
        }
        return json;
    }

    /** A site as the API shows it. */
    static Map<String, Object> json(Site site) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", site.name());
        json.put("baseUrl", site.baseUrl().toString());
        json.put("title", site.title());
        json.put("aliases", site.aliases().stream().map(URI::toString).toList());
        json.put("language", site.language());
        json.put("feedUrl", site.feedUrl() == null ? null : site.feedUrl().toString());
        json.put("trailingSlash", site.ignoreTrailingSlash() ? "ignore" : "keep");
        json.put("moderation", site.moderation() == null ? null : site.moderation().name().toLowerCase(java.util.Locale.ROOT));
        json.put("origin", site.origin().id());
        json.put("fediverse", site.fediverse().on());
        json.put("fediverseReactions", site.fediverse() == Site.Fediverse.OFF ? null : site.fediverse().id());
        json.put("fediverseDomain", site.fediverseDomain());
        return json;
    }

    private static Map<String, Object> json(OwnerTokens.Token token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id());
        json.put("label", token.label());
        json.put("createdAt", token.createdAt().toString());
        return json;
    }
}
