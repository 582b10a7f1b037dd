package org.linkback.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in to the admin page: the cookie, and CSRF protection for cookie-authenticated changes.
 */
class AdminSessionTest extends ServedBlogTest {

    private static HttpResponse<String> signIn(String token) {
        return linkback.postForm("/admin/login", "application/x-www-form-urlencoded", "token=" + token);
    }

    private static String cookie() {
        String setCookie = signIn(TestLinkback.Settings.ADMIN_TOKEN).headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookie() {
        HttpResponse<String> response = signIn(TestLinkback.Settings.ADMIN_TOKEN);
        assertEquals(303, response.statusCode());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("linkback_admin="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/admin"), cookie);
    }

    @Test
    void aWrongTokenShowsTheSignInPageAgain() {
        HttpResponse<String> response = signIn("guess");
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Set-Cookie").isEmpty());
        assertTrue(Jsoup.parse(response.body()).selectFirst("#error").text().contains("not an admin or owner token"));
    }

    @Test
    void theCookieOpensThePageAndTheApiForReading() {
        String cookie = cookie();
        HttpResponse<String> page = linkback.get("/admin/", "Cookie", cookie);
        assertEquals(200, page.statusCode());
        String csrf = Jsoup.parse(page.body()).selectFirst("meta[name=csrf-token]").attr("content");
        assertTrue(csrf.length() > 20, csrf);
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals(200, linkback.get("/admin/api/mentions", "Cookie", cookie).statusCode());
        assertTrue(linkback.get("/admin/").body().contains("Admin or owner token"), "no cookie: the sign-in form");
        assertEquals(401, linkback.get("/admin/api/mentions", "Cookie", "linkback_admin=9999999999.forged").statusCode());
    }

    @Test
    void changesWithTheCookieNeedTheCsrfToken() {
        String cookie = cookie();
        String csrf = Jsoup.parse(linkback.get("/admin/", "Cookie", cookie).body()).selectFirst("meta[name=csrf-token]").attr("content");
        byte[] body = "{\"pattern\":\"csrf.example\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals(401, linkback.post("/admin/api/blocklist", "application/json", body, "Cookie", cookie).statusCode());
        assertEquals(401, linkback.post("/admin/api/blocklist", "application/json", body, "Cookie", cookie,
                                        "X-CSRF-Token", "wrong").statusCode());
        assertEquals(201, linkback.post("/admin/api/blocklist", "application/json", body, "Cookie", cookie,
                                        "X-CSRF-Token", csrf).statusCode());
    }
}
