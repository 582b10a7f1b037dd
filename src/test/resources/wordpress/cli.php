<?php
/*
 * Runs one command against the test WordPress from the command line, as its own code would:
 *   php cli.php WP_DIR HOST:PORT COMMAND < arguments as JSON
 * Prints the result as JSON.
 */
[$self, $dir, $host, $command] = $argv;
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['SERVER_NAME'] = explode(':', $host)[0];
$_SERVER['REQUEST_URI'] = '/';
$in = json_decode(stream_get_contents(STDIN), true) ?? [];

if ($command === 'install') {
    define('WP_INSTALLING', true);
    require $dir . '/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    $result = wp_install($in['blogname'], 'admin', 'admin@example.invalid', true, '', 'not-a-secret');
    update_option('siteurl', 'http://' . $host);
    update_option('home', 'http://' . $host);
    update_option('ping_sites', '');            // no update services: this machine reaches no one else
    update_option('default_pingback_flag', 1);  // ping the pages a post links to (the default)
    update_option('default_ping_status', 'open');
    update_option('comment_moderation', 0);
    update_option('comment_previously_approved', 0);
    echo json_encode(['user' => $result['user_id']]);
    exit;
}

require $dir . '/wp-load.php';
wp_set_current_user(1);
switch ($command) {
    case 'publish':
        // What the editor's Publish button does; "to_ping" is the "Send trackbacks to" box.
        $id = wp_insert_post([
            'post_title' => $in['title'],
            'post_content' => $in['content'],
            'post_status' => 'publish',
            'post_author' => 1,
            'to_ping' => $in['trackbacks'] ?? '',
        ], true);
        if (is_wp_error($id)) {
            fwrite(STDERR, $id->get_error_message());
            exit(1);
        }
        // get_trackback_url() reads the loop's post, so build it for this one as it does
        $trackback = get_option('permalink_structure')
            ? trailingslashit(get_permalink($id)) . user_trailingslashit('trackback', 'single_trackback')
            : get_option('siteurl') . '/wp-trackback.php?p=' . $id;
        echo json_encode(['id' => $id, 'url' => get_permalink($id), 'trackback' => $trackback]);
        break;
    case 'do_all_pings':
        // What wp-cron runs after a post is published: pingback() and trackback() for its links.
        do_all_pings();
        // trackback() writes to the database behind the post cache: read the row itself
        global $wpdb;
        $row = $wpdb->get_row($wpdb->prepare("SELECT pinged, to_ping FROM $wpdb->posts WHERE ID = %d", $in['id']));
        $lines = fn($text) => array_values(array_filter(preg_split('/\s+/', trim((string) $text))));
        echo json_encode(['pinged' => $lines($row->pinged), 'to_ping' => $lines($row->to_ping)]);
        break;
    case 'xmlrpc':
        // WordPress's own XML-RPC client, as pingback() uses it
        include_once ABSPATH . WPINC . '/class-IXR.php';
        include_once ABSPATH . WPINC . '/class-wp-http-ixr-client.php';
        $client = new WP_HTTP_IXR_Client($in['server']);
        $client->timeout = 3;
        $ok = call_user_func_array([$client, 'query'], array_merge([$in['method']], $in['params']));
        echo json_encode($ok ? ['response' => $client->getResponse()]
                             : ['faultCode' => $client->error->code, 'faultString' => $client->error->message]);
        break;
    case 'comments':
        $comments = get_comments(['post_id' => $in['id'], 'status' => 'all']);
        echo json_encode(array_map(fn($c) => [
            'type' => $c->comment_type,
            'author' => $c->comment_author,
            'url' => $c->comment_author_url,
            'content' => $c->comment_content,
            'approved' => $c->comment_approved,
        ], $comments));
        break;
    case 'add_comment':
        // A pingback or TrackBack as WordPress stores one it received (comment_approved: 1, 0 or spam)
        $id = wp_insert_comment([
            'comment_post_ID' => $in['post'],
            'comment_type' => $in['type'],
            'comment_author' => $in['author'],
            'comment_author_url' => $in['url'],
            'comment_author_IP' => $in['ip'] ?? '192.0.2.7',
            'comment_content' => $in['content'],
            'comment_approved' => $in['approved'],
            'comment_date' => $in['date'],
            'comment_date_gmt' => $in['date'],
        ]);
        echo json_encode(['id' => $id]);
        break;
    case 'export':
        // Tools > Export > All content: the WXR file WordPress writes
        require_once ABSPATH . 'wp-admin/includes/export.php';
        ob_start();
        export_wp(['content' => 'all']);
        echo json_encode(['wxr' => ob_get_clean()]);
        break;
    default:
        fwrite(STDERR, "unknown command $command\n");
        exit(2);
}
