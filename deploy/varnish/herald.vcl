#
# Varnish 7 in front of `herald serve`: nginx (TLS) -> Varnish -> Herald.
# Copy to /etc/varnish/default.vcl (Debian's `varnish` package) and restart
# Varnish; deploy/README.md shows the whole path.
#
# What is kept: pages every anonymous reader gets alike (free stories, home,
# desk, topic and archive pages, feeds, sitemaps). What is never kept: anything
# for a signed-in reader, member or editor (the session cookie), any response
# that says `Cache-Control: private`, `no-cache` or `no-store` (a gated story:
# each reader gets the page they are entitled to) or that sets a cookie, and
# everything that is not a GET or HEAD.
#
# Herald purges what a publish, unpublish or correction changes through
# Wagtail's front-end cache (HERALD_FRONTEND_CACHE_URL=http://127.0.0.1:6081):
# an HTTP PURGE of an address bans every cached object of that path, whatever
# its query string (?page=2 of a listing, ?p=2 of a sitemap) and Host.
# Anything else an editor changes (a topic's name, the publication's name,
# Editor's Picks) shows on cached pages within their lifetime (DEFAULT_TTL).
#
vcl 4.1;

backend herald {
    .host = "127.0.0.1";
    .port = "8000";                       # HERALD_BIND
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .url = "/readyz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# Who may purge: Herald on this machine. Requests that came through nginx carry
# X-Forwarded-Proto (deploy/nginx/herald.conf sets it) and are refused, so a
# reader cannot purge through nginx, which also connects from 127.0.0.1.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.http.X-Forwarded-Proto && req.http.X-Forwarded-For ~ ",") {
        # Varnish appended nginx's address: drop it, so Herald gets the header as
        # nginx sent it, the reader's address last (herald.core.ratelimit.client_ip,
        # FORWARDED_ALLOW_IPS=127.0.0.1).
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",\s*[^,]*$", "");
    }
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers || req.http.X-Forwarded-Proto) {
            return (synth(405, "Purging is not allowed from here"));
        }
        ban("obj.http.x-herald-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in readers, members and editors: always from Herald.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # Admin, forms, counters, the reader's meter note, health and stored files
    # (Herald decides per file).
    if (req.url ~ "^/(admin|account|subscribe|letters|views|meter|healthz|readyz|media|media-signed|documents)(/|$|\?)") {
        return (pass);
    }
    # Other cookies (the meter's, CSRF) do not change a shared page. They still
    # reach Herald on a miss, and a page that depends on them is marked private
    # by Herald or varies on Cookie, which Varnish honours.
    return (hash);
}

sub vcl_backend_response {
    # What a purge matches on: the path without the query string.
    set beresp.http.x-herald-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)"
        || beresp.http.Vary == "*") {
        # Remember for two minutes not to keep this address (hit-for-miss), so
        # requests for it are not queued behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status != 200 && beresp.status != 404 && beresp.status != 301) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    if (beresp.http.Vary ~ "(?i)\bcookie\b") {
        # Herald gives every reader without a session the same bytes (its own page
        # cache keys them without cookies, and a page that differs is private,
        # above); readers with a session pass. Varying on the meter's or CSRF
        # cookie would keep one copy per reader.
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)\s*\bcookie\b\s*,?", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, ",\s*$", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)") {
        # Herald's pages say no lifetime of their own: purges keep them fresh.
        set beresp.ttl = 120s;              # DEFAULT_TTL
    }
    set beresp.grace = 1h;                  # while Herald is down, the last page
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-herald-path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
