<?php
/*
 * Must-use plugin of the test WordPress: let it talk to servers on loopback at any port.
 * WordPress otherwise refuses private addresses and ports other than 80, 443 and 8080.
 */
add_filter('http_request_host_is_external', '__return_true');
add_filter('http_allowed_safe_ports', function ($ports, $host, $url) {
    $port = parse_url($url, PHP_URL_PORT);
    if ($port) {
        $ports[] = $port;
    }
    return $ports;
}, 10, 3);

// No mail server here: WordPress's notifications go nowhere.
if (!function_exists('wp_mail')) {
    function wp_mail() {
        return true;
    }
}
