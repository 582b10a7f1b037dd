package org.linkback.fetch;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.Timeout;

import org.linkback.config.LinkbackConfig;

/**
 * The HttpClient a {@link SafeFetcher} sends through: it connects only where the address policy
 * allows, and leaves redirects, retries, cookies and the User-Agent to the fetcher.
 */
final class FetchClient {

    private FetchClient() {
    }

    static CloseableHttpClient create(LinkbackConfig.Fetch config, AddressPolicy policy) {
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout read = Timeout.of(config.readTimeout());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(policy) // the address checked is the address connected, on every hop
                .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault()) // certificate and host name checked
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                // FetchSlots decides how many fetches run at once (fetch.max-concurrent, max-per-host); the
                // pool must not cap them lower: a fixed 4 per host:port held fetch.max-per-host: 64 to 4
                // fetches, and pings from one busy host queued behind them (bench ingest one-host)
                .setMaxConnTotal(Math.max(1, config.maxConcurrent()))
                .setMaxConnPerRoute(Math.max(1, Math.min(config.maxPerHost(), config.maxConcurrent())))
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                                                 .setConnectionRequestTimeout(connect)
                                                 .setResponseTimeout(read)
                                                 .build())
                // One request per connection: a pooled connection that the server closed meanwhile would
                // fail the next fetch, and most fetches go to a different host anyway.
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()      // each hop is checked and counted by the fetcher
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .build();                       // no proxy: system proxy settings are not read
    }
}
