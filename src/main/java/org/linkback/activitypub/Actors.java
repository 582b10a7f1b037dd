package org.linkback.activitypub;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.url.Urls;

/**
 * Our side of the fediverse: where each site's actor and its collections live on this server,
 * and the documents that describe them (the actor, its WebFinger answer). A site's actor is
 * {@code /ap/actors/NAME}, its handle {@code @NAME@HOST[:PORT]} of the public URL; an article's
 * object is {@code /ap/articles/KEY}, the key made from the article's URL.
 */
final class Actors {

    static final List<String> CONTEXT = List.of("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1");

    private final URI publicUrl;
    private final Sites sites;
    private final String base;

    Actors(URI publicUrl, Sites sites) {
        this.publicUrl = publicUrl;
        this.sites = sites;
        String url = publicUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** host[:port] of the public URL: the domain part of every handle. */
    String domain() {
        return publicUrl.getPort() == -1 ? publicUrl.getHost() : publicUrl.getHost() + ":" + publicUrl.getPort();
    }

    String actorId(String site) {
        return base + "/ap/actors/" + site;
    }

    String keyId(String site) {
        return actorId(site) + "#main-key";
    }

    /** This server's own actor, which signs what we read of other servers (as Mastodon's {@code /actor}). */
    String instanceActorId() {
        return base + "/ap/actor";
    }

    String instanceKeyId() {
        return instanceActorId() + "#main-key";
    }

    /** The instance actor's document: an Application named for this server, with the key that signs our reads. */
    Map<String, Object> instanceActor(String publicKeyPem) {
        String id = instanceActorId();
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("@context", CONTEXT);
        actor.put("id", id);
        actor.put("type", "Application");
        actor.put("preferredUsername", publicUrl.getHost());
        actor.put("name", "linkback at " + domain());
        actor.put("url", base + "/");
        actor.put("inbox", sharedInbox());
        actor.put("outbox", id + "/outbox");
        actor.put("manuallyApprovesFollowers", true);
        actor.put("publicKey", Map.of("id", instanceKeyId(), "owner", id, "publicKeyPem", publicKeyPem));
        return actor;
    }

    String sharedInbox() {
        return base + "/ap/inbox";
    }

    String articleId(String objectKey) {
        return base + "/ap/articles/" + objectKey;
    }

    /** An article's object as any article's page links it ({@code rel=alternate}): named by the article's URL. */
    String articleByUrl(String article) {
        return Fediverse.articleObjectUrl(publicUrl, URI.create(article));
    }

    /** The article an object id of the {@link #articleByUrl} form names, if it is one. */
    Optional<String> articleUrlOf(String id) {
        String prefix = base + "/ap/articles?url=";
        if (id == null || !id.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(URLDecoder.decode(id.substring(prefix.length()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The key that names an article's object: base64url of the SHA-256 of its URL. */
    static String objectKey(String articleUrl) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(articleUrl.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The site whose actor this is, if it is an actor of ours that is on. */
    Optional<Site> siteOfActor(String id) {
        String prefix = base + "/ap/actors/";
        return id != null && id.startsWith(prefix) ? live(id.substring(prefix.length())) : Optional.empty();
    }

    /** The key of our article object an id names, if it names one. */
    Optional<String> articleKeyOf(String id) {
        String prefix = base + "/ap/articles/";
        return id != null && id.startsWith(prefix) && id.length() > prefix.length()
                ? Optional.of(id.substring(prefix.length())) : Optional.empty();
    }

    /** The site of that name, if it exists and is an actor. */
    Optional<Site> live(String name) {
        return sites.byName(name).filter(site -> site.fediverse().on());
    }

    /**
     * The site a WebFinger resource names: {@code acct:NAME@DOMAIN} (or the actor's own URL), if
     * the domain is ours and the site an actor.
     */
    Optional<Site> siteOfResource(String resource) {
        if (resource == null) {
            return Optional.empty();
        }
        if (resource.startsWith("acct:")) {
            String acct = resource.substring("acct:".length());
            int at = acct.lastIndexOf('@');
            if (at <= 0) {
                return Optional.empty();
            }
            String host = acct.substring(at + 1);
            return live(acct.substring(0, at).replaceFirst("^@", ""))
                    .filter(site -> host.equalsIgnoreCase(domain()) || host.equalsIgnoreCase(site.fediverseDomain()));
        }
        return Urls.parseHttp(resource).flatMap(url -> siteOfActor(url.toString()));
    }

    /** The domain of a site's handle: the blog's own when its WebFinger sends here ({@code fediverse-domain}), else ours. */
    String handleDomain(Site site) {
        return site.fediverseDomain() != null ? site.fediverseDomain() : domain();
    }

    /**
     * The WebFinger answer (JRD) for a site's actor. Its {@code subject} is the handle as the
     * fediverse shows it: with {@code fediverse-domain}, the blog's domain also when asked under
     * ours (Mastodon asks the actor's host to confirm the handle).
     */
    Map<String, Object> webfinger(Site site) {
        Map<String, Object> jrd = new LinkedHashMap<>();
        jrd.put("subject", "acct:" + site.name() + "@" + handleDomain(site));
        jrd.put("aliases", List.of(actorId(site.name())));
        jrd.put("links", List.of(
                Map.of("rel", "self", "type", "application/activity+json", "href", actorId(site.name())),
                Map.of("rel", "self", "type", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
                       "href", actorId(site.name())),
                Map.of("rel", "http://webfinger.net/rel/profile-page", "type", "text/html", "href", site.baseUrl().toString())));
        return jrd;
    }

    /** The actor document of a site, with what Mastodon reads. {@code icon}: the site's icon URL, or null. */
    Map<String, Object> actor(Site site, String publicKeyPem, String icon) {
        String id = actorId(site.name());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("@context", CONTEXT);
        actor.put("id", id);
        actor.put("type", "Person");
        actor.put("preferredUsername", site.name());
        actor.put("name", site.title());
        actor.put("summary", "The articles of " + site.baseUrl() + " as they appear, and the place to reply to them.");
        actor.put("url", site.baseUrl().toString());
        actor.put("inbox", id + "/inbox");
        actor.put("outbox", id + "/outbox");
        actor.put("followers", id + "/followers");
        actor.put("endpoints", Map.of("sharedInbox", sharedInbox()));
        actor.put("manuallyApprovesFollowers", false);
        actor.put("discoverable", true);
        if (icon != null) {
            actor.put("icon", Map.of("type", "Image", "url", icon));
        }
        actor.put("publicKey", Map.of("id", keyId(site.name()), "owner", id, "publicKeyPem", publicKeyPem));
        return actor;
    }
}
