package org.linkback.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP requests to any URL (a second process, a load balancer), for tests. */
public final class Http {

    private Http() {
    }

    /** A POST of an already-encoded {@code application/x-www-form-urlencoded} body. */
    public static HttpResponse<String> postForm(String url, String form) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url))
                                       .header("Content-Type", "application/x-www-form-urlencoded")
                                       .POST(HttpRequest.BodyPublishers.ofString(form))
                                       .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
